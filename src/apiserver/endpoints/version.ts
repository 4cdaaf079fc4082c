/** Kubernetes release this server speaks; kubectl's dispatcher picks its binary from major/minor. */
export const kubernetesVersion = { major: '1', minor: '32', patch: '4' };

/** The body of GET /version: upstream's version.Info with a semver gitVersion carrying our build tag. */
export function versionInfo(): Record<string, string> {
  return {
    major: kubernetesVersion.major,
    minor: kubernetesVersion.minor,
    gitVersion: `v${kubernetesVersion.major}.${kubernetesVersion.minor}.${kubernetesVersion.patch}+k8ts`,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'tsc',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}
