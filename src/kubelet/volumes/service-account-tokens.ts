// The kubelet's token manager: bound service-account tokens from the TokenRequest API, cached per
// (service account, audiences, lifetime, pod) and renewed once 80% of their lifetime passed or they
// are older than 24 hours (each less a random jitter of up to 10 s, so a fleet of pods does not
// renew in one burst). A failed renewal keeps serving the old token until it expires.
import type { TokenRequest } from 'kubernetes-types/authentication/v1.js';
import { systemClock, type Clock } from '../../base/clock.js';
import { itemPath, resourceTarget, type KubeClient } from '../../client/index.js';
import { messageOf } from './aggregate-error.js';

/** What a projected serviceAccountToken source asks for. */
export interface TokenRequestInput {
  readonly namespace: string;
  readonly serviceAccountName: string;
  /** Empty: the API server's own audiences. */
  readonly audiences: readonly string[];
  readonly expirationSeconds: number;
  /** The pod the token is bound to (it stops working when the pod is gone). */
  readonly pod: { readonly name: string; readonly uid: string };
}

/** A token the API server issued. */
export interface IssuedToken {
  readonly token: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
  /** The lifetime the server granted, in seconds. */
  readonly expirationSeconds: number;
}

/** Settings of a ServiceAccountTokenManager. */
export interface ServiceAccountTokenManagerOptions {
  readonly client: KubeClient;
  readonly clock?: Clock;
  /** A number in [0, 1) for the renewal jitter (default Math.random). */
  readonly random?: () => number;
}

const maxTtlMs = 24 * 60 * 60 * 1000;
const maxJitterSeconds = 10;
const serviceAccounts = resourceTarget({ group: '', version: 'v1', resource: 'serviceaccounts' });

interface Entry {
  readonly token: IssuedToken;
  readonly podUid: string;
}

/** One cache of bound service-account tokens for the whole kubelet. */
export class ServiceAccountTokenManager {
  private readonly entries = new Map<string, Entry>();
  private readonly clock: Clock;
  private readonly random: () => number;

  constructor(private readonly options: ServiceAccountTokenManagerOptions) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
  }

  /**
   * A token for `input`: the cached one while it needs no renewal, else a new one. Rejects with
   * upstream's messages ("failed to fetch token: ...", "token ... expired and refresh failed: ...").
   */
  async token(input: TokenRequestInput, signal?: AbortSignal): Promise<IssuedToken> {
    const key = JSON.stringify([
      input.serviceAccountName,
      input.namespace,
      input.audiences,
      input.expirationSeconds,
      input.pod.name,
      input.pod.uid,
    ]);
    const cached = this.entries.get(key);
    if (cached !== undefined && !this.requiresRefresh(cached.token)) return cached.token;
    let issued: IssuedToken;
    try {
      issued = await this.request(input, signal);
    } catch (err) {
      if (signal?.aborted) throw err;
      if (cached === undefined) throw new Error(`failed to fetch token: ${messageOf(err)}`);
      if (this.clock.now() > cached.token.expiresAt) {
        throw new Error(`token ${key} expired and refresh failed: ${messageOf(err)}`);
      }
      return cached.token;
    }
    this.entries.set(key, { token: issued, podUid: input.pod.uid });
    return issued;
  }

  /** Forgets the tokens bound to a pod (its volumes were torn down). */
  forgetPod(podUid: string): void {
    for (const [key, entry] of this.entries) if (entry.podUid === podUid) this.entries.delete(key);
  }

  /** Drops expired tokens (upstream does this every minute). */
  collectGarbage(): void {
    const now = this.clock.now();
    for (const [key, entry] of this.entries) if (now > entry.token.expiresAt) this.entries.delete(key);
  }

  /** How many tokens are cached (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }

  /** True when 80% of the token's lifetime passed or it is older than 24 h (less a jitter). */
  requiresRefresh(token: IssuedToken): boolean {
    const now = this.clock.now();
    const lifetimeMs = token.expirationSeconds * 1000;
    const issuedAt = token.expiresAt - lifetimeMs;
    const jitterMs = Math.floor(this.random() * maxJitterSeconds) * 1000;
    if (now > issuedAt + maxTtlMs - jitterMs) return true;
    // Upstream computes the 20% reserve in whole seconds.
    const reserveMs = Math.floor((token.expirationSeconds * 20) / 100) * 1000;
    return now > token.expiresAt - reserveMs - jitterMs;
  }

  private async request(input: TokenRequestInput, signal?: AbortSignal): Promise<IssuedToken> {
    const body: TokenRequest = {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: {
        audiences: [...input.audiences],
        expirationSeconds: input.expirationSeconds,
        boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: input.pod.name, uid: input.pod.uid },
      },
    };
    const answer = await this.options.client.request<TokenRequest>({
      method: 'POST',
      path: itemPath(serviceAccounts, input.namespace, input.serviceAccountName, 'token'),
      body,
      ...(signal ? { signal } : {}),
    });
    const token = answer.status?.token ?? '';
    const expiresAt = Date.parse(answer.status?.expirationTimestamp ?? '');
    if (token === '' || Number.isNaN(expiresAt)) throw new Error('the TokenRequest returned no token');
    return { token, expiresAt, expirationSeconds: answer.spec.expirationSeconds ?? input.expirationSeconds };
  }
}
