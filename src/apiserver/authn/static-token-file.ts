// --token-auth-file: a CSV of token,user,uid[,"group1,group2"], read once at start.

import { readFile } from 'node:fs/promises';
import { timingSafeEqual } from 'node:crypto';
import type { UserInfo } from '../http/api-request.js';
import type { TokenAuthenticator, TokenAuthSuccess } from './token-authenticator.js';

/** Splits one CSV record (RFC 4180 quoting, as Go's encoding/csv reads it). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"' && cur === '') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Parses the token file text into token → user; throws upstream's error for short records. */
export function parseStaticTokens(text: string, path = 'token file'): Map<string, UserInfo> {
  const tokens = new Map<string, UserInfo>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const line of lines) {
    if (line.trim() === '') continue;
    const record = csvFields(line);
    if (record.length < 3) {
      throw new Error(
        `token file '${path}' must have at least 3 columns (token, user name, user uid), found ${record.length}`,
      );
    }
    const token = record[0]!.trim();
    if (token === '' || tokens.has(token)) continue;
    const groups =
      record.length >= 4
        ? record[3]!
            .split(',')
            .map((g) => g.trim())
            .filter((g) => g !== '')
        : [];
    tokens.set(token, { name: record[1]!.trim(), uid: record[2]!.trim(), groups });
  }
  return tokens;
}

/** Authenticates the tokens of a static token file. */
export class StaticTokenAuthenticator implements TokenAuthenticator {
  constructor(private readonly tokens: ReadonlyMap<string, UserInfo>) {}

  /** Reads and parses the file at `path`. */
  static async fromFile(path: string): Promise<StaticTokenAuthenticator> {
    return new StaticTokenAuthenticator(parseStaticTokens(await readFile(path, 'utf8'), path));
  }

  async authenticate(token: string): Promise<TokenAuthSuccess | undefined> {
    const given = Buffer.from(token);
    for (const [t, user] of this.tokens) {
      const b = Buffer.from(t);
      if (b.length === given.length && timingSafeEqual(b, given)) return { user };
    }
    return undefined;
  }
}
