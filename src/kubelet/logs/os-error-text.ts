// Go renders a failed file operation as "<op> <path>: <strerror>" (an *os.PathError); upstream's log
// errors embed that text, and clients see it in the response body.

const strerror: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

/** The error as Go's os.PathError prints it for `op` on `file`. */
export function osErrorText(op: string, file: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const text = code !== undefined ? strerror[code] : undefined;
  return `${op} ${file}: ${text ?? (err instanceof Error ? err.message : String(err))}`;
}
