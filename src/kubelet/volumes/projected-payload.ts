// The files of configMap, secret, downwardAPI and projected volumes, fetched and assembled the
// way upstream's plugins do: a missing optional object counts as empty, every failing source of a
// projected volume is reported (as one aggregate), and a projected token is 0600 when an fsGroup
// or fsUser will widen it (to 0640) so it is never world-readable.
import type {
  ConfigMap,
  ConfigMapVolumeSource,
  DownwardAPIVolumeSource,
  Pod,
  ProjectedVolumeSource,
  Secret,
  SecretVolumeSource,
} from 'kubernetes-types/core/v1.js';
import { isStatusError } from '../../machinery/errors/index.js';
import type { ConfigObjectSource } from '../container-env/config-objects.js';
import type { ResourceQuantities } from '../container-env/resource-field-value.js';
import { AggregateMessageError, messageOf } from './aggregate-error.js';
import type { FileProjection } from './atomic-writer.js';
import { downwardApiPayload } from './downward-api-payload.js';
import { configMapPayload, defaultVolumeFileMode, secretPayload } from './key-projection.js';
import type { ServiceAccountTokenManager } from './service-account-tokens.js';

/** What building a volume's files needs besides its source. */
export interface PayloadContext {
  readonly pod: Pod;
  readonly objects: ConfigObjectSource;
  readonly tokens: ServiceAccountTokenManager;
  readonly nodeAllocatable: ResourceQuantities;
  /** The pod's fsGroup, if any. */
  readonly fsGroup?: number;
  /** The one runAsUser every container shares, if they do (upstream's FsUserFrom). */
  readonly fsUser?: number;
  readonly signal?: AbortSignal;
}

/** The default lifetime of a projected token (the API's default for expirationSeconds). */
const defaultTokenSeconds = 3600;

async function orEmpty<T>(get: () => Promise<T>, optional: boolean, empty: T): Promise<T> {
  try {
    return await get();
  } catch (err) {
    if (optional && isStatusError(err, 'NotFound')) return empty;
    throw err;
  }
}

/** The files of a configMap volume. */
export async function configMapVolumePayload(
  source: Pick<ConfigMapVolumeSource, 'name' | 'items' | 'optional'>,
  defaultMode: number,
  ctx: PayloadContext,
): Promise<Map<string, FileProjection>> {
  const optional = source.optional === true;
  const ns = ctx.pod.metadata?.namespace ?? '';
  const name = source.name ?? '';
  const cm = await orEmpty<ConfigMap>(() => ctx.objects.configMap(ns, name, ctx.signal), optional, {});
  return configMapPayload(cm, source.items, defaultMode, optional);
}

/** The files of a secret volume. */
export async function secretVolumePayload(
  source: {
    readonly name: string;
    readonly items?: SecretVolumeSource['items'];
    readonly optional?: boolean;
  },
  defaultMode: number,
  ctx: PayloadContext,
): Promise<Map<string, FileProjection>> {
  const optional = source.optional === true;
  const ns = ctx.pod.metadata?.namespace ?? '';
  const secret = await orEmpty<Secret>(() => ctx.objects.secret(ns, source.name, ctx.signal), optional, {});
  return secretPayload(secret, source.items, defaultMode, optional);
}

/** The files of a downwardAPI volume. */
export function downwardApiVolumePayload(
  source: DownwardAPIVolumeSource,
  ctx: PayloadContext,
): Map<string, FileProjection> {
  return downwardApiPayload(
    source.items,
    ctx.pod,
    ctx.nodeAllocatable,
    source.defaultMode ?? defaultVolumeFileMode,
  );
}

/** The files of a projected volume; later sources win on a path two of them write. */
export async function projectedVolumePayload(
  source: ProjectedVolumeSource,
  ctx: PayloadContext,
): Promise<Map<string, FileProjection>> {
  const defaultMode = source.defaultMode ?? defaultVolumeFileMode;
  const payload = new Map<string, FileProjection>();
  const errors: string[] = [];
  for (const projection of source.sources ?? []) {
    try {
      let files: Map<string, FileProjection> = new Map();
      if (projection.configMap) {
        files = await configMapVolumePayload(projection.configMap, defaultMode, ctx);
      } else if (projection.secret) {
        const { name = '', items, optional } = projection.secret;
        files = await secretVolumePayload({ name, items, optional }, defaultMode, ctx);
      } else if (projection.downwardAPI) {
        files = downwardApiPayload(projection.downwardAPI.items, ctx.pod, ctx.nodeAllocatable, defaultMode);
      } else if (projection.serviceAccountToken) {
        files = await tokenPayload(projection.serviceAccountToken, defaultMode, ctx);
      } else if (projection.clusterTrustBundle) {
        throw new Error('clusterTrustBundle projections are not supported by this kubelet');
      }
      for (const [path, file] of files) payload.set(path, file);
    } catch (err) {
      if (ctx.signal?.aborted) throw err;
      errors.push(messageOf(err));
    }
  }
  if (errors.length > 0) throw new AggregateMessageError(errors);
  return payload;
}

async function tokenPayload(
  source: NonNullable<NonNullable<ProjectedVolumeSource['sources']>[number]['serviceAccountToken']>,
  defaultMode: number,
  ctx: PayloadContext,
): Promise<Map<string, FileProjection>> {
  const issued = await ctx.tokens.token(
    {
      namespace: ctx.pod.metadata?.namespace ?? '',
      serviceAccountName: ctx.pod.spec?.serviceAccountName || 'default',
      audiences: source.audience ? [source.audience] : [],
      expirationSeconds: source.expirationSeconds ?? defaultTokenSeconds,
      pod: { name: ctx.pod.metadata?.name ?? '', uid: ctx.pod.metadata?.uid ?? '' },
    },
    ctx.signal,
  );
  const mode = ctx.fsUser !== undefined || ctx.fsGroup !== undefined ? 0o600 : defaultMode;
  const file: FileProjection = {
    data: Buffer.from(issued.token, 'utf8'),
    mode,
    ...(ctx.fsUser !== undefined ? { fsUser: ctx.fsUser } : {}),
  };
  return new Map([[source.path, file]]);
}
