// DATA_DIR/token: the server's default node join token, `<id>.<secret>`, made on first start and
// reused afterwards, so agents keep joining with the same value across server restarts.
import path from 'node:path';
import {
  formatBootstrapToken,
  generateBootstrapToken,
  parseBootstrapToken,
  type BootstrapToken,
} from '../../api/bootstrap-tokens/bootstrap-token.js';
import { PRIVATE_FILE_MODE, readOptionalFile, writeFileAtomic } from '../../apiserver/pki/pem-files.js';

/** The token file's path in a server data directory. */
export function joinTokenPath(dataDir: string): string {
  return path.join(dataDir, 'token');
}

/**
 * The token in DATA_DIR/token, written (mode 0600) with a fresh one when the file is missing.
 * Throws when the file holds something that is not a bootstrap token.
 */
export async function ensureJoinToken(dataDir: string): Promise<BootstrapToken> {
  const file = joinTokenPath(dataDir);
  const text = await readOptionalFile(file);
  if (text !== undefined) {
    const token = parseBootstrapToken(text.trim());
    if (token === undefined)
      throw new Error(`${file} does not hold a bootstrap token (<6 of [a-z0-9]>.<16 of [a-z0-9]>)`);
    return token;
  }
  const token = generateBootstrapToken();
  await writeFileAtomic(file, `${formatBootstrapToken(token)}\n`, PRIVATE_FILE_MODE);
  return token;
}
