import type { JsonAttributeObject } from '@peculiar/x509';
import { Name } from '@peculiar/x509';

/**
 * Builds a certificate subject from a common name and organizations, in Go's pkix.Name order
 * (O before CN), one RDN per organization so any number of groups survive the round trip.
 */
export function subjectName(commonName: string, organizations: readonly string[] = []): Name {
  return new Name([
    ...organizations.map((o) => ({ O: [exactString(o)] })),
    { CN: [exactString(commonName)] },
  ]);
}

// The library's plain-string form unescapes backslashes, strips quotes and treats a leading '#'
// as hex; user and group names must be stored byte for byte, so pass an explicit string type.
// PrintableString where it fits and UTF8String otherwise is what Go's asn1 package chooses too.
function exactString(value: string): JsonAttributeObject {
  if (value === '') throw new Error('certificate subject values must not be empty');
  return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value) ? { printableString: value } : { utf8String: value };
}
