// Which resource names the scheduler tracks beyond cpu, memory, ephemeral-storage and pods
// (upstream's v1helper and schedutil predicates).

/** True for names in the kubernetes.io namespace or without a domain (cpu, memory, ...). */
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** Extended resources: a domain-qualified name outside kubernetes.io (e.g. example.com/gpu). */
export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  // A quota-able name must be a qualified name: an optional DNS prefix and a short name.
  return /^(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(
    `requests.${name}`,
  );
}

/** Resources counted as scalars: extended, hugepages-*, attachable-volumes-* and kubernetes.io/ names. */
export function isScalarResourceName(name: string): boolean {
  return (
    isExtendedResourceName(name) ||
    name.startsWith('hugepages-') ||
    name.startsWith('attachable-volumes-') ||
    name.includes('kubernetes.io/')
  );
}
