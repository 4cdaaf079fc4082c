// Upstream's webhook client-config checks (k8s.io/apiserver/pkg/util/webhook/validation.go): a
// webhook is reached either at an https URL or through a Service reference.

import { type FieldError, fieldInvalid, fieldRequired } from './field-error.js';
import type { FieldPath } from './field-path.js';
import { parseGoUrl } from './go-url.js';
import { isDNS1123Subdomain } from './label-validation.js';
import { isValidPortNum } from './string-formats.js';

const desiredForm = '; desired format: https://host[/path]';

/** Upstream's ValidateWebhookURL: https only (when forced), a host, no userinfo, query or fragment. */
export function validateWebhookUrl(path: FieldPath, raw: string, forceHttps: boolean): FieldError[] {
  const parsed = parseGoUrl(raw);
  if ('error' in parsed)
    return [fieldRequired(path, `url must be a valid URL: ${parsed.error}${desiredForm}`)];
  const u = parsed.url;
  const errs: FieldError[] = [];
  if (forceHttps && u.scheme !== 'https') {
    errs.push(fieldInvalid(path, u.scheme, `'https' is the only allowed URL scheme${desiredForm}`));
  }
  if (u.host === '') errs.push(fieldInvalid(path, u.host, `host must be specified${desiredForm}`));
  if (u.user !== undefined) {
    errs.push(fieldInvalid(path, u.user, 'user information is not permitted in the URL'));
  }
  if (u.fragment !== '') errs.push(fieldInvalid(path, u.fragment, 'fragments are not permitted in the URL'));
  if (u.rawQuery !== '') {
    errs.push(fieldInvalid(path, u.rawQuery, 'query parameters are not permitted in the URL'));
  }
  return errs;
}

/** Upstream's ValidateWebhookService: name, namespace, a valid port and a path of DNS-subdomain segments. */
export function validateWebhookService(
  path: FieldPath,
  service: { namespace: string; name: string; path: string | undefined; port: number },
): FieldError[] {
  const errs: FieldError[] = [];
  if (service.name === '') errs.push(fieldRequired(path.child('name'), 'service name is required'));
  if (service.namespace === '') {
    errs.push(fieldRequired(path.child('namespace'), 'service namespace is required'));
  }
  const portErrs = isValidPortNum(service.port);
  if (portErrs.length > 0) {
    errs.push(fieldInvalid(path.child('port'), service.port, `port is not valid: ${portErrs.join(', ')}`));
  }
  const urlPath = service.path;
  if (urlPath === undefined || urlPath === '/' || urlPath === '') return errs;
  const pathField = path.child('path');
  if (urlPath === '//') return [...errs, fieldInvalid(pathField, urlPath, 'segment[0] may not be empty')];
  if (!urlPath.startsWith('/')) errs.push(fieldInvalid(pathField, urlPath, "must start with a '/'"));
  let toCheck = urlPath.slice(1);
  if (toCheck.endsWith('/')) toCheck = toCheck.slice(0, -1);
  toCheck.split('/').forEach((step, i) => {
    if (step === '') {
      errs.push(fieldInvalid(pathField, urlPath, `segment[${i}] may not be empty`));
      return;
    }
    for (const failure of isDNS1123Subdomain(step)) {
      errs.push(fieldInvalid(pathField, urlPath, `segment[${i}]: ${failure}`));
    }
  });
  return errs;
}
