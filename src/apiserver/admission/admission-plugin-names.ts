// Which admission plugins run, from --enable-admission-plugins / --disable-admission-plugins with
// upstream's semantics: the flags add to or remove from the default-on set, their order does not
// matter (plugins always run in the recommended order), and unknown or overlapping names are errors.

/** Every plugin name k8ts knows, in upstream's recommended order (kube-apiserver's AllOrderedPlugins). */
export const ADMISSION_PLUGIN_ORDER: readonly string[] = [
  'NamespaceLifecycle',
  'LimitRanger',
  'ServiceAccount',
  'NodeRestriction',
  'TaintNodesByCondition',
  'PodSecurity',
  'Priority',
  'DefaultTolerationSeconds',
  'DefaultStorageClass',
  'StorageObjectInUseProtection',
  'RuntimeClass',
  'CertificateApproval',
  'CertificateSigning',
  'CertificateSubjectRestriction',
  'DefaultIngressClass',
  'MutatingAdmissionWebhook',
  'ValidatingAdmissionWebhook',
  'ResourceQuota',
];

/**
 * Plugins that are off unless enabled. Upstream leaves NodeRestriction off by default, but every
 * secured cluster (kubeadm, k3s, the CIS benchmark) turns it on, so k8ts runs all of its plugins.
 */
export const DEFAULT_OFF_ADMISSION_PLUGINS: ReadonlySet<string> = new Set<string>();

/** What the two flags asked for (each a list of names; comma-separated entries are split). */
export interface AdmissionPluginSelection {
  readonly enable?: readonly string[];
  readonly disable?: readonly string[];
}

/** Splits repeated, comma-delimited flag values into names, as upstream's string-slice flags do. */
export function splitPluginList(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Renders several errors the way upstream's error aggregate prints them. */
function aggregate(errors: readonly string[]): string {
  return errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`;
}

/**
 * The names of the plugins to run, in order; throws upstream's flag validation error when a name
 * is not one of `registered` or appears in both lists.
 */
export function enabledAdmissionPlugins(
  selection: AdmissionPluginSelection,
  registered: ReadonlySet<string>,
): string[] {
  const enable = splitPluginList(selection.enable);
  const disable = splitPluginList(selection.disable);
  const errors: string[] = [];
  for (const name of enable)
    if (!registered.has(name)) errors.push(`enable-admission-plugins plugin "${name}" is unknown`);
  for (const name of disable)
    if (!registered.has(name)) errors.push(`disable-admission-plugins plugin "${name}" is unknown`);
  const overlap = [...new Set(enable.filter((n) => disable.includes(n)))].sort();
  if (overlap.length > 0)
    errors.push(
      `[${overlap.join(' ')}] in enable-admission-plugins and disable-admission-plugins overlapped`,
    );
  if (errors.length > 0) throw new Error(aggregate(errors));
  return ADMISSION_PLUGIN_ORDER.filter(
    (name) =>
      registered.has(name) &&
      !disable.includes(name) &&
      (!DEFAULT_OFF_ADMISSION_PLUGINS.has(name) || enable.includes(name)),
  );
}

/** Checks the flags against every known plugin before anything starts, as upstream's flag validation does. */
export function checkAdmissionPluginSelection(selection: AdmissionPluginSelection = {}): void {
  enabledAdmissionPlugins(selection, new Set(ADMISSION_PLUGIN_ORDER));
}
