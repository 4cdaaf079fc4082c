import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { convertToStorage } from '../conversion/index.js';
import type { KubeObject } from '../object.js';
import { builtinResources } from '../scheme/builtin-resources.js';
import { parseApiVersion } from '../scheme/resource-type.js';
import { fieldErrorMessage } from './field-error.js';
import { hasValidation, validateObject, validateObjectUpdate } from './validate-object.js';

// Every defaulted golden object must validate cleanly, except the few whose inputs exercise
// defaulting with content upstream's validation rejects; those must fail exactly as upstream does.
const knownInvalid: Readonly<Record<string, readonly string[]>> = {
  // hostNetwork pods must use hostPort == containerPort.
  'core-pod-volumes.output.yaml': [
    'spec.containers[0].ports[1].hostPort: Invalid value: 9443: must match `containerPort` when `hostNetwork` is true',
  ],
  // A string targetPort is a port name, and "8443" is no name.
  'core-service-externalips.output.yaml': [
    'spec.ports[0].targetPort: Invalid value: "8443": must contain at least one letter (a-z)',
  ],
  // Inline volumes must be CSI, without capacity; a Shared Azure disk needs an https:// URI.
  'storage-volumeattachment-basic.output.yaml': [
    'spec.source.inlineVolumeSpec.capacity: Forbidden: may not be specified in the context of inline volumes',
    'spec.source.inlineVolumeSpec.csi: Required value: has to be specified in the context of inline volumes',
    'spec.source.inlineVolumeSpec.azureDisk.diskURI: Unsupported value: "/subscriptions/x/disks/disk-1": supported values: "https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd"',
  ],
};

const goldenDir = fileURLToPath(new URL('../../../../test/golden/defaults/', import.meta.url));
const outputs = readdirSync(goldenDir)
  .filter((f) => f.endsWith('.output.yaml'))
  .sort();

function storageForm(object: KubeObject): { group: string; kind: string; object: KubeObject } {
  const { group, version } = parseApiVersion(String(object.apiVersion));
  const kind = String(object.kind);
  const type = builtinResources.find((t) => t.group === group && t.version === version && t.kind === kind);
  assert.ok(type, `no resource for ${group}/${version}/${kind}`);
  const stored = convertToStorage(object, { group, version, kind }, type.storageApiVersion);
  stored.metadata = { namespace: type.namespaced ? 'default' : undefined, uid: 'a1b2c3', ...stored.metadata };
  // Upstream's ServiceAccount admission plugin names the default account before validation runs.
  const spec = stored['spec'] as { serviceAccountName?: string } | undefined;
  if (kind === 'Pod' && spec && !spec.serviceAccountName) spec.serviceAccountName = 'default';
  return { group, kind, object: stored };
}

describe('golden defaulted objects validate cleanly', () => {
  for (const file of outputs) {
    it(file, () => {
      const input = parse(readFileSync(`${goldenDir}${file}`, 'utf8')) as KubeObject;
      const { group, kind, object } = storageForm(input);
      const { version } = parseApiVersion(String(input.apiVersion));
      const options = { requestApiVersion: group === '' ? version : `${group}/${version}` };
      const expected = knownInvalid[file] ?? [];
      assert.deepEqual(validateObject(group, kind, object, options).map(fieldErrorMessage), expected);
      assert.deepEqual(
        validateObjectUpdate(group, kind, object, structuredClone(object), options).map(fieldErrorMessage),
        expected,
      );
    });
  }
});

describe('registry', () => {
  it('has rules for every stored built-in kind', () => {
    for (const type of builtinResources.filter((t) => t.verbs.includes('get')))
      assert.ok(hasValidation(type.group, type.kind), `${type.group}/${type.kind}`);
  });
  it('has none for custom resources', () => {
    assert.deepEqual(validateObject('example.com', 'Widget', { spec: { anything: 1 } }), []);
  });
});
