// What the well-known Kubernetes signers accept (upstream ValidateKubeletClientCSR,
// ValidateKubeletServingCSR and the kube-apiserver-client usage check): the csrsigning controller
// fails requests that break them, and csrapproving only approves kubelet client requests that keep them.
import type { CertificateRequest } from './certificate-request.js';

const clientUsages = ['client auth', 'digital signature', 'key encipherment'];
const clientUsagesNoRsa = ['client auth', 'digital signature'];
const servingUsages = ['digital signature', 'key encipherment', 'server auth'];
const servingUsagesNoRsa = ['digital signature', 'server auth'];

// Usages compare as sets, as upstream's sets.String.Equal does.
function sameSet(usages: readonly string[], expected: readonly string[]): boolean {
  const set = new Set(usages);
  return set.size === expected.length && expected.every((u) => set.has(u));
}

// Go prints a []string with %v as "[a b c]".
const goList = (values: readonly string[]) => `[${values.join(' ')}]`;

function onlySystemNodes(req: CertificateRequest): boolean {
  return req.organizations.length === 1 && req.organizations[0] === 'system:nodes';
}

/** Why `req` is no kubelet client certificate request, or undefined when it is one. */
export function kubeletClientRequestError(
  req: CertificateRequest,
  usages: readonly string[],
): string | undefined {
  if (!onlySystemNodes(req)) return 'subject organization is not system:nodes';
  if (req.dnsNames.length > 0) return 'DNS subjectAltNames are not allowed';
  if (req.emailAddresses.length > 0) return 'Email subjectAltNames are not allowed';
  if (req.ipAddresses.length > 0) return 'IP subjectAltNames are not allowed';
  if (req.uris.length > 0) return 'URI subjectAltNames are not allowed';
  if (!req.commonName.startsWith('system:node:'))
    return 'subject common name does not begin with system:node:';
  if (!sameSet(usages, clientUsages) && !sameSet(usages, clientUsagesNoRsa))
    return `usages did not match ${goList(clientUsages)}`;
  return undefined;
}

/** Why `req` is no kubelet serving certificate request, or undefined when it is one. */
export function kubeletServingRequestError(
  req: CertificateRequest,
  usages: readonly string[],
): string | undefined {
  if (!onlySystemNodes(req)) return 'subject organization is not system:nodes';
  if (req.dnsNames.length === 0 && req.ipAddresses.length === 0)
    return 'DNS or IP subjectAltName is required';
  if (req.emailAddresses.length > 0) return 'Email subjectAltNames are not allowed';
  if (req.uris.length > 0) return 'URI subjectAltNames are not allowed';
  if (!sameSet(usages, servingUsages) && !sameSet(usages, servingUsagesNoRsa))
    return `usages did not match ${goList(servingUsages)}`;
  if (!req.commonName.startsWith('system:node:'))
    return 'subject common name does not begin with system:node:';
  return undefined;
}

/** Why `usages` do not fit a kube-apiserver-client certificate, or undefined when they do. */
export function apiserverClientUsagesError(usages: readonly string[]): string | undefined {
  let hasClientAuth = false;
  for (const usage of usages) {
    if (usage === 'client auth') hasClientAuth = true;
    else if (usage !== 'digital signature' && usage !== 'key encipherment')
      return `invalid usage for client certificate: ${usage}`;
  }
  return hasClientAuth ? undefined : 'missing required usage for client certificate: client auth';
}
