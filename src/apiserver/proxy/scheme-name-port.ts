/** The parts of a proxy target id: `name`, `name:port` or `scheme:name:port`. */
export interface SchemeNamePort {
  /** "", "http" or "https". */
  readonly scheme: '' | 'http' | 'https';
  readonly name: string;
  /** A port number or name; "" when none was given. */
  readonly port: string;
}

/**
 * Splits a proxy id as upstream's SplitSchemeNamePort: one to three colon-separated parts, a
 * non-empty name, and a scheme of http, https or none. Undefined for anything else.
 */
export function splitSchemeNamePort(id: string): SchemeNamePort | undefined {
  const parts = id.split(':');
  let scheme = '';
  let name: string;
  let port = '';
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) [name, port] = parts as [string, string];
  else if (parts.length === 3) [scheme, name, port] = parts as [string, string, string];
  else return undefined;
  if (name === '' || (scheme !== '' && scheme !== 'http' && scheme !== 'https')) return undefined;
  return { scheme: scheme as SchemeNamePort['scheme'], name, port };
}
