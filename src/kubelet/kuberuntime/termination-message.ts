// Termination messages (upstream's getTerminationMessage): every container gets a host file bind
// mounted at its terminationMessagePath; after it exits, the file's first 4 KiB become the message,
// or with FallbackToLogsOnError and a failure, the tail of its log (80 lines, at most 2 KiB).
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Container } from 'kubernetes-types/core/v1.js';
import type { Mount } from '../cri/runtime-service.js';
import { podDir } from '../volumes/pod-volume-paths.js';
import { runtimeAnnotations } from './runtime-labels.js';
import type { RuntimeContainer } from './runtime-pod.js';

const maxMessageBytes = 4096;
const maxLogLines = 80;
const maxLogBytes = 2048;

/** Creates the container's termination-log file and returns its mount (none when the path is empty). */
export async function terminationMessageMount(
  rootDir: string,
  podUid: string,
  container: Container,
): Promise<Mount | undefined> {
  const target = container.terminationMessagePath ?? '/dev/termination-log';
  if (target === '') return undefined;
  const dir = path.join(podDir(rootDir, podUid), 'containers', container.name);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, randomBytes(4).toString('hex'));
  // World-writable: the container may run as any user.
  await writeFile(file, '', { mode: 0o666 });
  return { containerPath: target, hostPath: file, readonly: false };
}

/** Removes the pod's termination-log files. */
export async function removeTerminationMessages(rootDir: string, podUid: string): Promise<void> {
  await rm(path.join(podDir(rootDir, podUid), 'containers'), { recursive: true, force: true });
}

async function readHead(file: string, bytes: number): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** The last lines of a CRI-format log, without timestamps, streams and tags. */
export async function logTail(logPath: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(logPath, 'utf8');
  } catch {
    return '';
  }
  const lines = text.split('\n').filter((l) => l !== '');
  const content = lines.slice(-maxLogLines).map((l) => {
    const m = /^\S+ (?:stdout|stderr) ([PF]) (.*)$/.exec(l);
    if (m === null) return `${l}\n`;
    return m[1] === 'P' ? m[2]! : `${m[2]!}\n`;
  });
  const joined = content.join('');
  const bytes = Buffer.from(joined, 'utf8');
  return bytes.length <= maxLogBytes ? joined : bytes.subarray(bytes.length - maxLogBytes).toString('utf8');
}

/** The message of an exited container: the runtime's, enriched with its termination message. */
export async function terminationMessage(c: RuntimeContainer): Promise<string> {
  if (c.state !== 'CONTAINER_EXITED') return c.message;
  const target = c.annotations[runtimeAnnotations.terminationMessagePath] ?? '';
  const policy = c.annotations[runtimeAnnotations.terminationMessagePolicy] ?? 'File';
  const fallback =
    policy === 'FallbackToLogsOnError' && c.exitCode !== 0 && c.reason !== 'ContainerCannotRun';
  let extra = '';
  const mount = c.mounts.find((m) => m.containerPath === target);
  if (target !== '' && mount !== undefined)
    extra = await readHead(mount.hostPath, maxMessageBytes).catch(() => '');
  if (extra === '' && fallback && c.logPath !== '') extra = await logTail(c.logPath);
  if (extra === '') return c.message;
  return c.message === '' ? extra : `${c.message}: ${extra}`;
}
