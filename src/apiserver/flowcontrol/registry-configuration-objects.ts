import type { ServedResource } from '../endpoints/served-resource.js';
import type { ConfigurationObjects } from './ensure-configuration.js';
import { configurationFieldManager } from './ensure-configuration.js';

/**
 * The producer's view of one flowcontrol resource, straight on the registry store as the
 * apiserver's other start-up objects are written: defaulted and validated like a client's write,
 * recorded under upstream's field manager, without going through authorization or admission.
 */
export function registryConfigurationObjects(served: ServedResource, now: () => Date): ConfigurationObjects {
  const { store } = served;
  const write = () => ({
    now: now(),
    dryRun: false,
    fieldManager: configurationFieldManager,
    apiVersion: `${served.type.group}/${served.type.version}`,
  });
  return {
    async get(name) {
      const stored = await store.find('', name);
      return stored === undefined ? undefined : served.fromStorage(stored);
    },
    async create(object) {
      served.applyDefaults(object);
      await store.create(served.toStorage(object), write(), true);
    },
    async update(object) {
      served.applyDefaults(object);
      await store.update('', object.metadata?.name ?? '', served.toStorage(object), write());
    },
    async list() {
      const page = await store.list({ namespace: '', filtered: false });
      return page.items.map((item) => served.fromStorage(item.object));
    },
    async delete(name) {
      await store.delete('', name, {}, write());
    },
  };
}
