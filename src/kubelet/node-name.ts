// The kubelet's node name: --hostname-override / --node-name when given, else the host name,
// lower-cased and trimmed (upstream's nodeutil.GetHostname), which must be a DNS-1123 subdomain.
import { isDNS1123Subdomain } from '../api/validation/label-validation.js';

/** The node name for `requested` (or, when absent, the host name); throws when it is no valid name. */
export function resolveNodeName(requested: string | undefined, hostname: string): string {
  const name = (requested ?? hostname).trim().toLowerCase();
  if (name === '') throw new Error('empty node name: give --node-name');
  const problems = isDNS1123Subdomain(name);
  if (problems.length > 0) {
    const source = requested === undefined ? `the host name "${hostname}"` : `"${requested}"`;
    throw new Error(`node name ${source} is not valid: ${problems.join('; ')} (give --node-name)`);
  }
  return name;
}
