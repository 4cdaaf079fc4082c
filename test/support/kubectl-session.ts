/**
 * A kubectl bound to one test server, for e2e files that run many commands against it: run/ok
 * with stdin, an EDITOR for `kubectl edit`, `get -o yaml` parsed, jsonpath reads, and the stored
 * object with the fields that differ on every run (uid, timestamps, resourceVersion,
 * managedFields) taken out so it can be compared whole with what upstream stores.
 */
import { parse as parseYaml } from 'yaml';
import { kubectl, type KubectlResult } from './kubectl.js';

/** Options for one command run through a session. */
export interface SessionRunOptions {
  /** Written to kubectl's stdin. */
  readonly stdin?: string;
  /** EDITOR for this run (kubectl edit), e.g. a small script that rewrites the file. */
  readonly editor?: string;
}

/** kubectl against one server; every call uses that server's kubeconfig. */
export interface KubectlSession {
  /** Runs kubectl to completion, whatever its exit code. */
  run(args: readonly string[], options?: SessionRunOptions): Promise<KubectlResult>;
  /** Runs kubectl and throws, with both streams, unless it exits 0. */
  ok(args: readonly string[], options?: SessionRunOptions): Promise<KubectlResult>;
  /** `kubectl get <args> -o yaml`, parsed. */
  yaml(args: readonly string[]): Promise<Record<string, unknown>>;
  /** `kubectl get <args> -o jsonpath=<path>`: what it printed. */
  jsonpath(args: readonly string[], path: string): Promise<string>;
}

// kubectl copies its environment at spawn time; EDITOR is only changed around one run and
// restored at once, and node:test runs the tests of one file one after another.
async function withEditor<T>(editor: string | undefined, body: () => Promise<T>): Promise<T> {
  if (editor === undefined) return body();
  const previous = process.env['EDITOR'];
  process.env['EDITOR'] = editor;
  try {
    return await body();
  } finally {
    if (previous === undefined) delete process.env['EDITOR'];
    else process.env['EDITOR'] = previous;
  }
}

/** A session for the kubeconfig `kubeconfig()` returns at call time (the server starts in before()). */
export function kubectlSession(kubeconfig: () => string): KubectlSession {
  const run = (args: readonly string[], options: SessionRunOptions = {}): Promise<KubectlResult> =>
    withEditor(options.editor, () =>
      kubectl(args, {
        kubeconfig: kubeconfig(),
        ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
      }),
    );
  const ok = async (args: readonly string[], options: SessionRunOptions = {}): Promise<KubectlResult> => {
    const result = await run(args, options);
    if (result.code !== 0) {
      throw new Error(
        `kubectl ${args.join(' ')} exited ${result.code}\n` +
          `--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`,
      );
    }
    return result;
  };
  return {
    run,
    ok,
    async yaml(args) {
      return parseYaml((await ok(['get', ...args, '-o', 'yaml'])).stdout) as Record<string, unknown>;
    },
    async jsonpath(args, path) {
      return (await ok(['get', ...args, '-o', `jsonpath=${path}`])).stdout;
    },
  };
}

const volatileMetadata = ['creationTimestamp', 'uid', 'resourceVersion', 'managedFields'];

/**
 * The object without the metadata that differs on every run (creationTimestamp, uid,
 * resourceVersion, managedFields); everything else — defaults included — stays, so a test can
 * compare it whole with what Kubernetes 1.32 stores for the same request.
 */
export function stableObject(object: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(object);
  const meta = copy['metadata'];
  if (meta !== null && typeof meta === 'object') {
    for (const key of volatileMetadata) delete (meta as Record<string, unknown>)[key];
  }
  return copy;
}
