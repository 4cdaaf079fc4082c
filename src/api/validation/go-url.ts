// Go's net/url.Parse, as far as upstream's messages depend on it: which part of a URL lands in
// Scheme, User, Host, RawQuery and Fragment, and the errors Parse reports (`parse "<url>": ...`).
// WHATWG's URL (Node's) splits and normalises differently, so validation cannot use it.

import { goQuote } from './go-quote.js';

/** The parts of a URL as Go's url.URL holds them. */
export interface GoUrl {
  readonly scheme: string;
  /** The userinfo as url.Userinfo.String() prints it; undefined when the URL has none. */
  readonly user: string | undefined;
  readonly host: string;
  readonly path: string;
  readonly rawQuery: string;
  readonly fragment: string;
}

/** The outcome of parsing: the URL, or Go's error text. */
export type GoUrlResult = { readonly url: GoUrl } | { readonly error: string };

function hasControlByte(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** Go's getScheme: a scheme is letters then letters/digits/+-. up to the first ':'. */
function splitScheme(raw: string): { scheme: string; rest: string } | { error: string } {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return { scheme: '', rest: raw };
      continue;
    }
    if (c === ':') {
      if (i === 0) return { error: 'missing protocol scheme' };
      return { scheme: raw.slice(0, i), rest: raw.slice(i + 1) };
    }
    return { scheme: '', rest: raw };
  }
  return { scheme: '', rest: raw };
}

/** Go's unescape: "%xx" sequences must be complete hex escapes. */
function unescape(s: string, what: 'path' | 'host' | 'fragment'): string | { error: string } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
        const bad = s.slice(i, i + 3);
        return { error: `invalid URL escape ${goQuote(bad)}` };
      }
      out += String.fromCharCode(parseInt(hex, 16));
      i += 2;
    } else if (what === 'host' && !/[A-Za-z0-9\-._~!$&'()*+,;=:[\]<>"]/.test(c) && c.charCodeAt(0) < 0x80) {
      return { error: `invalid character ${goQuote(c)} in host name` };
    } else {
      out += c;
    }
  }
  return out;
}

/** Go's parseHost: an optional ":port" must be digits only. */
function parseHost(host: string): string | { error: string } {
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) return { error: "missing ']' in host" };
    const colonPort = host.slice(close + 1);
    if (colonPort !== '' && !/^:[0-9]*$/.test(colonPort)) {
      return { error: `invalid port ${goQuote(colonPort)} after host` };
    }
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0) {
      const colonPort = host.slice(colon);
      if (!/^:[0-9]*$/.test(colonPort)) return { error: `invalid port ${goQuote(colonPort)} after host` };
    }
  }
  return unescape(host, 'host');
}

function parseAuthority(authority: string): { user: string | undefined; host: string } | { error: string } {
  const at = authority.lastIndexOf('@');
  const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  if (typeof host !== 'string') return host;
  if (at < 0) return { user: undefined, host };
  const userinfo = authority.slice(0, at);
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) return { error: 'net/url: invalid userinfo' };
  return { user: userinfo, host };
}

/** Parses like Go's url.Parse; errors read as Go's *url.Error does. */
export function parseGoUrl(raw: string): GoUrlResult {
  const fail = (message: string): GoUrlResult => ({ error: `parse ${goQuote(raw)}: ${message}` });
  const hash = raw.indexOf('#');
  const withoutFragment = hash < 0 ? raw : raw.slice(0, hash);
  const rawFragment = hash < 0 ? '' : raw.slice(hash + 1);
  if (hasControlByte(withoutFragment)) return fail('net/url: invalid control character in URL');
  const split = splitScheme(withoutFragment);
  if ('error' in split) return fail(split.error);
  const scheme = split.scheme.toLowerCase();
  let rest = split.rest;
  let rawQuery = '';
  if (rest.endsWith('?') && rest.split('?').length === 2) rest = rest.slice(0, -1);
  else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  let user: string | undefined;
  let host = '';
  let path = '';
  if (!rest.startsWith('/') && scheme !== '') {
    // An opaque URL ("https:example.com"): no host at all.
    path = '';
  } else {
    if (!rest.startsWith('/')) {
      const firstSegment = rest.split('/')[0] ?? '';
      if (firstSegment.includes(':')) return fail('first path segment in URL cannot contain colon');
    }
    if ((scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
      let authority = rest.slice(2);
      rest = '';
      const slash = authority.indexOf('/');
      if (slash >= 0) {
        rest = authority.slice(slash);
        authority = authority.slice(0, slash);
      }
      const parsed = parseAuthority(authority);
      if ('error' in parsed) return fail(parsed.error);
      user = parsed.user;
      host = parsed.host;
    }
    const unescaped = unescape(rest, 'path');
    if (typeof unescaped !== 'string') return fail(unescaped.error);
    path = unescaped;
  }
  const fragment = unescape(rawFragment, 'fragment');
  if (typeof fragment !== 'string') return fail(fragment.error);
  return { url: { scheme, user, host, path, rawQuery, fragment } };
}
