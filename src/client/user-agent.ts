/** The Kubernetes release k8ts clients identify as. */
export const clientKubernetesVersion = 'v1.32.4';

function goArch(arch: string): string {
  return arch === 'x64' ? 'amd64' : arch === 'ia32' ? '386' : arch;
}

/** The User-Agent of a component, in client-go's shape: "k8ts-scheduler/v1.32.4 (linux/amd64) k8ts". */
export function userAgentFor(component: string): string {
  return `${component}/${clientKubernetesVersion} (${process.platform}/${goArch(process.arch)}) k8ts`;
}
