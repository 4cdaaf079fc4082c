import type { Ingress, IngressClass, NetworkPolicy } from 'kubernetes-types/networking/v1.js';
import { ageColumn, ageOf, column, nameColumn, nameOf, printer } from './columns.js';
import { fieldDocs } from './field-docs.js';
import { formatLabelSelector, loadBalancerAddresses } from './format.js';

/** The Hosts cell: up to three rule hosts, "*" when no rule names one, "+ N more..." counting rules. */
export function ingressHosts(ingress: Ingress): string {
  const rules = ingress.spec?.rules ?? [];
  const max = 3;
  const hosts: string[] = [];
  let more = false;
  for (const rule of rules) {
    // Only a rule met after three hosts were listed makes the list overflow.
    if (hosts.length === max) {
      more = true;
      break;
    }
    if (rule.host) hosts.push(rule.host);
  }
  if (hosts.length === 0) return '*';
  // The overflow count is in rules, not hosts, whatever their hosts are.
  return more ? `${hosts.join(',')} + ${rules.length - max} more...` : hosts.join(',');
}

/** networking.k8s.io/v1 Ingress: Name, Class, Hosts, Address, Ports, Age. */
export const ingressPrinter = printer<Ingress>(
  [
    nameColumn,
    column(
      'Class',
      'string',
      'The name of the IngressClass resource that should be used for additional configuration',
    ),
    column('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'string', 'Ports of TLS configurations that open'),
    ageColumn,
  ],
  (ing, now) => [
    nameOf(ing),
    ing.spec?.ingressClassName ?? '<none>',
    ingressHosts(ing),
    loadBalancerAddresses(ing.status?.loadBalancer?.ingress),
    (ing.spec?.tls ?? []).length > 0 ? '80, 443' : '80',
    ageOf(ing, now),
  ],
);

/** networking.k8s.io/v1 IngressClass: Name, Controller, Parameters ("Kind.group/name"), Age. */
export const ingressClassPrinter = printer<IngressClass>(
  [
    nameColumn,
    column('Controller', 'string', 'Controller that is responsible for handling this class'),
    column('Parameters', 'string', 'A reference to a resource with additional parameters'),
    ageColumn,
  ],
  (ic, now) => {
    const p = ic.spec?.parameters;
    const parameters = p ? `${p.kind}${p.apiGroup != null ? `.${p.apiGroup}` : ''}/${p.name}` : '<none>';
    return [nameOf(ic), ic.spec?.controller ?? '', parameters, ageOf(ic, now)];
  },
);

/** networking.k8s.io/v1 NetworkPolicy: Name, Pod-Selector, Age. */
export const networkPolicyPrinter = printer<NetworkPolicy>(
  [
    nameColumn,
    column('Pod-Selector', 'string', fieldDocs['extensions/v1beta1.NetworkPolicySpec.podSelector']),
    ageColumn,
  ],
  // podSelector is a value, not a pointer, upstream: a missing one is the empty "<none>" selector.
  (np, now) => [nameOf(np), formatLabelSelector(np.spec?.podSelector ?? {}), ageOf(np, now)],
);
