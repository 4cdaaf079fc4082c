import { webcrypto } from 'node:crypto';

/**
 * Node's WebCrypto, handed to @peculiar/x509 explicitly on every call so certificate code never
 * depends on the library's global provider (which another module could replace).
 */
export const webCrypto: webcrypto.Crypto = webcrypto;
