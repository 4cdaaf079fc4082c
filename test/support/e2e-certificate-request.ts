/**
 * A fixed, validly signed PKCS#10 request (CN=e2e-user, O=e2e, ECDSA P-256) for manifests that
 * need a CertificateSigningRequest but never use its key (the key was thrown away).
 */
export const e2eCertificateRequestPem = [
  '-----BEGIN CERTIFICATE REQUEST-----',
  'MIHdMIGDAgEAMCExETAPBgNVBAMMCGUyZS11c2VyMQwwCgYDVQQKDANlMmUwWTAT',
  'BgcqhkjOPQIBBggqhkjOPQMBBwNCAAQPu88Zbdr+JlSEreuz3mKBRTf+CGxOY3cT',
  'tXvtLtsr8Qiy7uQf1EVY3M1IYFZ7n3AI/29Bfja6Fcvbgi0YqQlroAAwCgYIKoZI',
  'zj0EAwIDSQAwRgIhAMZ3uWDGvkDenX8ezIQy0ZgjxAH9X/3AitJp4IS2oA0kAiEA',
  'nvuWq8d/+S2AyvO+5WbgaLpY9wAvjiZu/e5EUmmPFSY=',
  '-----END CERTIFICATE REQUEST-----',
  '',
].join('\n');
