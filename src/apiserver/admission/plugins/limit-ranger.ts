// Upstream's LimitRanger: containers get the default requests and limits of the namespace's
// LimitRanges (recorded in the kubernetes.io/limit-ranger annotation), and pods, containers and
// PVCs must stay within their min, max and limit/request ratio.

import type { KubeObject } from '../../../api/object.js';
import type { AdmissionAttributes } from '../../endpoints/server-context.js';
import type { AdmissionPlugin } from '../admission-chain.js';
import { admissionForbidden } from './admission-forbidden.js';
import { podResources, type PodSpecResources, type ResourceList } from './pod-resources.js';
import { formatQ, milliValue, quantity, type Quantity } from './quantity-math.js';

/** The annotation recording what defaults LimitRanger applied. */
export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

interface LimitItem {
  type: string;
  max?: ResourceList;
  min?: ResourceList;
  default?: ResourceList;
  defaultRequest?: ResourceList;
  maxLimitRequestRatio?: ResourceList;
}

function items(lr: KubeObject): LimitItem[] {
  return (lr as { spec?: { limits?: LimitItem[] } }).spec?.limits ?? [];
}

type Lookup = (name: string) => Quantity | undefined;

function mapLookup(m: Map<string, Quantity>): Lookup {
  return (n) => m.get(n);
}

function listLookup(list: ResourceList | undefined): Lookup {
  return (n) => (list && n in list ? quantity(list[n]) : undefined);
}

function text(list: ResourceList | undefined, m: Map<string, Quantity> | undefined, n: string): string {
  if (list && n in list) return formatQ(quantity(list[n])!);
  const q = m?.get(n);
  return q ? formatQ(q) : '0';
}

// Compares in milli-units like upstream (exact for anything a pod asks for).
function check(
  type: string,
  item: LimitItem,
  req: Lookup,
  lim: Lookup,
  reqText: (n: string) => string,
  limText: (n: string) => string,
): string[] {
  const errs: string[] = [];
  for (const [name, v] of Object.entries(item.min ?? {}).sort()) {
    const enforced = quantity(v)!;
    const r = req(name);
    const l = lim(name);
    if (!r) errs.push(`minimum ${name} usage per ${type} is ${formatQ(enforced)}.  No request is specified`);
    else if (milliValue(r) < milliValue(enforced))
      errs.push(`minimum ${name} usage per ${type} is ${formatQ(enforced)}, but request is ${reqText(name)}`);
    else if (l && milliValue(l) < milliValue(enforced))
      errs.push(`minimum ${name} usage per ${type} is ${formatQ(enforced)}, but limit is ${limText(name)}`);
  }
  for (const [name, v] of Object.entries(item.max ?? {}).sort()) {
    const enforced = quantity(v)!;
    const r = req(name);
    const l = lim(name);
    if (type === 'PersistentVolumeClaim') {
      if (!r)
        errs.push(`maximum ${name} usage per ${type} is ${formatQ(enforced)}.  No request is specified`);
      else if (milliValue(r) > milliValue(enforced))
        errs.push(
          `maximum ${name} usage per ${type} is ${formatQ(enforced)}, but request is ${reqText(name)}`,
        );
      continue;
    }
    if (!l) errs.push(`maximum ${name} usage per ${type} is ${formatQ(enforced)}.  No limit is specified`);
    else if (milliValue(l) > milliValue(enforced))
      errs.push(`maximum ${name} usage per ${type} is ${formatQ(enforced)}, but limit is ${limText(name)}`);
    else if (r && milliValue(r) > milliValue(enforced))
      errs.push(`maximum ${name} usage per ${type} is ${formatQ(enforced)}, but request is ${reqText(name)}`);
  }
  for (const [name, v] of Object.entries(item.maxLimitRequestRatio ?? {}).sort()) {
    const enforced = quantity(v)!;
    const r = req(name);
    const l = lim(name);
    const e = formatQ(enforced);
    if (!r || milliValue(r) === 0n)
      errs.push(
        `${name} max limit to request ratio per ${type} is ${e}, but no request is specified or request is 0`,
      );
    else if (!l || milliValue(l) === 0n)
      errs.push(
        `${name} max limit to request ratio per ${type} is ${e}, but no limit is specified or limit is 0`,
      );
    else {
      const ratio = Number(milliValue(l)) / Number(milliValue(r));
      if (ratio * 1000 > Number(milliValue(enforced))) {
        errs.push(
          `${name} max limit to request ratio per ${type} is ${e}, but provided ratio is ${ratio.toFixed(6)}`,
        );
      }
    }
  }
  return errs;
}

function aggregate(errs: string[]): string {
  return errs.length === 1 ? errs[0]! : `[${errs.join(', ')}]`;
}

interface Container {
  name: string;
  resources?: { requests?: ResourceList; limits?: ResourceList };
}

function applies(attrs: AdmissionAttributes): 'pod' | 'pvc' | undefined {
  const t = attrs.resource.type;
  if (t.group !== '' || (attrs.subresource !== '' && attrs.subresource !== 'resize')) return undefined;
  // Containers cannot change after creation, so pod updates are neither defaulted nor checked.
  if (t.resource === 'pods') return attrs.operation === 'CREATE' ? 'pod' : undefined;
  if (
    t.resource === 'persistentvolumeclaims' &&
    (attrs.operation === 'CREATE' || attrs.operation === 'UPDATE')
  )
    return 'pvc';
  return undefined;
}

/** The LimitRanger plugin; `listLimitRanges` reads the namespace's LimitRanges from the cache. */
export function limitRanger(options: {
  listLimitRanges(namespace: string): Promise<readonly KubeObject[]>;
}): AdmissionPlugin {
  return {
    name: 'LimitRanger',
    async mutate(attrs, obj) {
      if (applies(attrs) !== 'pod') return;
      const spec = ((obj as { spec?: { containers?: Container[]; initContainers?: Container[] } }).spec ??=
        {});
      const notes: string[] = [];
      for (const lr of await options.listLimitRanges(attrs.namespace)) {
        const defaults = { requests: {} as ResourceList, limits: {} as ResourceList };
        for (const item of items(lr)) {
          if (item.type !== 'Container') continue;
          Object.assign(defaults.requests, item.defaultRequest ?? {});
          Object.assign(defaults.limits, item.default ?? {});
        }
        const merge = (c: Container, label: string) => {
          const res = (c.resources ??= {});
          const limits = (res.limits ??= {});
          const requests = (res.requests ??= {});
          const setL = Object.keys(defaults.limits)
            .filter((k) => !(k in limits))
            .sort();
          const setR = Object.keys(defaults.requests)
            .filter((k) => !(k in requests))
            .sort();
          for (const k of setL) limits[k] = defaults.limits[k]!;
          for (const k of setR) requests[k] = defaults.requests[k]!;
          if (setR.length) notes.push(`${setR.join(', ')} request for ${label} ${c.name}`);
          if (setL.length) notes.push(`${setL.join(', ')} limit for ${label} ${c.name}`);
        };
        for (const c of spec.containers ?? []) merge(c, 'container');
        for (const c of spec.initContainers ?? []) merge(c, 'init container');
      }
      if (notes.length) {
        const meta = (obj.metadata ??= {});
        meta.annotations = {
          ...meta.annotations,
          [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}`,
        };
      }
    },
    async validate(attrs, obj) {
      const kind = applies(attrs);
      if (!kind) return;
      for (const lr of await options.listLimitRanges(attrs.namespace)) {
        const errs: string[] = [];
        for (const item of items(lr)) {
          if (kind === 'pvc') {
            if (item.type !== 'PersistentVolumeClaim') continue;
            const requests = (obj as { spec?: { resources?: { requests?: ResourceList } } }).spec?.resources
              ?.requests;
            errs.push(
              ...check(
                'PersistentVolumeClaim',
                item,
                listLookup(requests),
                listLookup(undefined),
                (n) => text(requests, undefined, n),
                () => '0',
              ),
            );
            continue;
          }
          const spec = (obj as { spec?: PodSpecResources }).spec ?? {};
          if (item.type === 'Container') {
            for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
              const req = c.resources?.requests;
              const lim = c.resources?.limits;
              errs.push(
                ...check(
                  'Container',
                  item,
                  listLookup(req),
                  listLookup(lim),
                  (n) => text(req, undefined, n),
                  (n) => text(lim, undefined, n),
                ),
              );
            }
          } else if (item.type === 'Pod') {
            const req = podResources(spec, 'requests');
            const lim = podResources(spec, 'limits');
            errs.push(
              ...check(
                'Pod',
                item,
                mapLookup(req),
                mapLookup(lim),
                (n) => text(undefined, req, n),
                (n) => text(undefined, lim, n),
              ),
            );
          }
        }
        if (errs.length) throw admissionForbidden(attrs, obj, aggregate(errs));
      }
    },
  };
}
