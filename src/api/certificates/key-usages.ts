// The key usages a CertificateSigningRequest may ask for (certificates/v1 KeyUsage values).

/** Every valid spec.usages value, sorted as upstream lists them in "supported values". */
export const validKeyUsages: readonly string[] = [
  'any',
  'cert sign',
  'client auth',
  'code signing',
  'content commitment',
  'crl sign',
  'data encipherment',
  'decipher only',
  'digital signature',
  'email protection',
  'encipher only',
  'ipsec end system',
  'ipsec tunnel',
  'ipsec user',
  'key agreement',
  'key encipherment',
  'microsoft sgc',
  'netscape sgc',
  'ocsp signing',
  's/mime',
  'server auth',
  'signing',
  'timestamping',
];

const valid = new Set(validKeyUsages);

/** Whether `usage` is one of the known key usages. */
export function isValidKeyUsage(usage: string): boolean {
  return valid.has(usage);
}
