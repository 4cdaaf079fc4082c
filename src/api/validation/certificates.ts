// certificates.k8s.io/v1 CertificateSigningRequests (upstream's certificates validation, v1 rules):
// the request must be a signed PKCS#10 PEM block, usages known and unique, the signer name well
// formed, and the conditions consistent; what an update may change depends on the subresource.
import { certificateRequestError } from '../certificates/certificate-request.js';
import { issuedCertificateError } from '../certificates/issued-certificate.js';
import { isValidKeyUsage, validKeyUsages } from '../certificates/key-usages.js';
import { LEGACY_UNKNOWN_SIGNER } from '../certificates/signer-names.js';
import { deepEqual } from '../../base/deep-equal.js';
import {
  type FieldError,
  fieldDuplicate,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  goRepr,
} from './field-error.js';
import { fieldPath } from './field-path.js';
import { goQuote } from './go-quote.js';
import { type Json, obj, objs, optNum, str, strs } from './json-access.js';
import { validateSignerName } from './signer-name.js';

/** Condition types that may only be True and never removed once added. */
const trueOnlyTypes = new Set(['Approved', 'Denied', 'Failed']);
const allStatuses = ['False', 'True', 'Unknown'];

/** Which of upstream's tolerances apply to one write (certificateValidationOptions). */
interface CsrValidationOptions {
  readonly allowSettingApprovalConditions: boolean;
  readonly allowSettingCertificate: boolean;
  readonly allowBothApprovedAndDenied: boolean;
  readonly allowLegacySignerName: boolean;
  readonly allowDuplicateConditionTypes: boolean;
  readonly allowEmptyConditionType: boolean;
  readonly allowArbitraryCertificate: boolean;
  readonly allowUnknownUsages: boolean;
  readonly allowDuplicateUsages: boolean;
}

/** The bytes of a []byte field (base64 in JSON), or undefined for Go's nil. */
function bytesField(value: unknown): Buffer | undefined {
  return typeof value === 'string' ? Buffer.from(value, 'base64') : undefined;
}

/** A []byte as Go's %#v prints it, which is how upstream shows a bad request. */
function goBytes(bytes: Buffer | undefined) {
  if (bytes === undefined) return goRepr('[]byte(nil)');
  return goRepr(`[]byte{${[...bytes].map((b) => `0x${b.toString(16)}`).join(', ')}}`);
}

const specOf = (csr: Json): Json => obj(csr['spec']) ?? {};
const statusOf = (csr: Json): Json => obj(csr['status']) ?? {};
const conditionsOf = (csr: Json): Json[] => objs(statusOf(csr)['conditions']);
const certificateOf = (csr: Json): Buffer => bytesField(statusOf(csr)['certificate']) ?? Buffer.alloc(0);
const ofType = (csr: Json, type: string): Json[] => conditionsOf(csr).filter((c) => str(c['type']) === type);

function hasDuplicates(values: readonly string[]): boolean {
  return new Set(values).size !== values.length;
}

// Upstream tolerates problems an old object already has, so stored data stays updatable.
function optionsFor(csr: Json, old: Json | undefined, subresource: string | undefined): CsrValidationOptions {
  const oldTypes = old ? conditionsOf(old).map((c) => str(c['type'])) : [];
  const oldUsages = old ? strs(specOf(old)['usages']) : [];
  const sameCertificate = old !== undefined && certificateOf(csr).equals(certificateOf(old));
  return {
    allowSettingApprovalConditions: subresource === 'approval',
    allowSettingCertificate: subresource === 'status',
    allowBothApprovedAndDenied: oldTypes.includes('Approved') && oldTypes.includes('Denied'),
    allowLegacySignerName: old !== undefined && str(specOf(old)['signerName']) === LEGACY_UNKNOWN_SIGNER,
    allowDuplicateConditionTypes: hasDuplicates(oldTypes),
    allowEmptyConditionType: oldTypes.includes(''),
    allowArbitraryCertificate:
      sameCertificate || (old !== undefined && issuedCertificateError(certificateOf(old)) !== undefined),
    allowUnknownUsages: oldUsages.some((u) => !isValidKeyUsage(u)),
    allowDuplicateUsages: hasDuplicates(oldUsages),
  };
}

function validateConditions(csr: Json, opts: CsrValidationOptions): FieldError[] {
  const path = fieldPath('status', 'conditions');
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  let hasApproved = false;
  let hasDenied = false;
  conditionsOf(csr).forEach((c, i) => {
    const type = str(c['type']);
    const status = str(c['status']);
    if (!opts.allowEmptyConditionType && type === '') errs.push(fieldRequired(path.index(i).child('type')));
    const allowed = trueOnlyTypes.has(type) ? ['True'] : allStatuses;
    if (status === '') errs.push(fieldRequired(path.index(i).child('status')));
    else if (!allowed.includes(status))
      errs.push(fieldNotSupported(path.index(i).child('status'), status, allowed));
    if (!opts.allowBothApprovedAndDenied) {
      const exclusive = 'Approved and Denied conditions are mutually exclusive';
      if (type === 'Approved') {
        hasApproved = true;
        if (hasDenied) errs.push(fieldInvalid(path.index(i).child('type'), type, exclusive));
      } else if (type === 'Denied') {
        hasDenied = true;
        if (hasApproved) errs.push(fieldInvalid(path.index(i).child('type'), type, exclusive));
      }
    }
    if (!opts.allowDuplicateConditionTypes) {
      if (seen.has(type)) errs.push(fieldDuplicate(path.index(i).child('type'), type));
      seen.add(type);
    }
  });
  return errs;
}

function validateCsr(csr: Json, opts: CsrValidationOptions): FieldError[] {
  const spec = specOf(csr);
  const path = fieldPath('spec');
  const errs: FieldError[] = [];
  const request = bytesField(spec['request']);
  const requestError = certificateRequestError(request ?? Buffer.alloc(0));
  if (requestError !== undefined)
    errs.push(fieldInvalid(path.child('request'), goBytes(request), requestError));
  const usages = strs(spec['usages']);
  if (usages.length === 0) errs.push(fieldRequired(path.child('usages')));
  if (!opts.allowUnknownUsages) {
    usages.forEach((u, i) => {
      if (!isValidKeyUsage(u)) errs.push(fieldNotSupported(path.child('usages').index(i), u, validKeyUsages));
    });
  }
  if (!opts.allowDuplicateUsages) {
    const seen = new Set<string>();
    usages.forEach((u, i) => {
      if (seen.has(u)) errs.push(fieldDuplicate(path.child('usages').index(i), u));
      seen.add(u);
    });
  }
  const signerName = str(spec['signerName']);
  if (!opts.allowLegacySignerName && signerName === LEGACY_UNKNOWN_SIGNER) {
    errs.push(
      fieldInvalid(
        path.child('signerName'),
        signerName,
        'the legacy signerName is not allowed via this API version',
      ),
    );
  } else {
    errs.push(...validateSignerName(path.child('signerName'), signerName));
  }
  const expiration = optNum(spec['expirationSeconds']);
  if (expiration !== undefined && expiration < 600) {
    errs.push(
      fieldInvalid(
        path.child('expirationSeconds'),
        expiration,
        'may not specify a duration less than 600 seconds (10 minutes)',
      ),
    );
  }
  errs.push(...validateConditions(csr, opts));
  if (!opts.allowArbitraryCertificate) {
    const certificateError = issuedCertificateError(certificateOf(csr));
    if (certificateError !== undefined)
      errs.push(fieldInvalid(fieldPath('status', 'certificate'), '<certificate data>', certificateError));
  }
  return errs;
}

// cmp.Diff's exact layout is deliberately unstable upstream; a line per condition says the same.
function conditionsDiff(before: readonly Json[], after: readonly Json[]): string {
  return [...before.map((c) => `- ${JSON.stringify(c)}`), ...after.map((c) => `+ ${JSON.stringify(c)}`)].join(
    '\n',
  );
}

/** Upstream's ValidateCertificateSigningRequestCreate (metadata aside). */
export function validateCertificateSigningRequest(csr: Json): FieldError[] {
  return validateCsr(csr, optionsFor(csr, undefined, undefined));
}

/**
 * Upstream's update validation for the main resource, `status` (which may set the certificate)
 * and `approval` (which may change Approved/Denied conditions), metadata aside.
 */
export function validateCertificateSigningRequestUpdate(
  csr: Json,
  old: Json,
  subresource?: string,
): FieldError[] {
  const opts = optionsFor(csr, old, subresource);
  const errs = validateCsr(csr, opts);
  const conditionsPath = fieldPath('status', 'conditions');
  for (const type of ['Approved', 'Denied', 'Failed']) {
    if (ofType(csr, type).length < ofType(old, type).length)
      errs.push(
        fieldForbidden(conditionsPath, `updates may not remove a condition of type ${goQuote(type)}`),
      );
  }
  if (!opts.allowSettingApprovalConditions) {
    for (const type of ['Approved', 'Denied']) {
      const before = ofType(old, type);
      const after = ofType(csr, type);
      if (after.length < before.length) continue;
      if (after.length > before.length) {
        errs.push(fieldForbidden(conditionsPath, `updates may not add a condition of type ${goQuote(type)}`));
      } else if (!deepEqual(before, after)) {
        errs.push(
          fieldForbidden(
            conditionsPath,
            `updates may not modify a condition of type ${goQuote(type)}\n${conditionsDiff(before, after)}`,
          ),
        );
      }
    }
  }
  if (!certificateOf(csr).equals(certificateOf(old))) {
    const path = fieldPath('status', 'certificate');
    if (!opts.allowSettingCertificate)
      errs.push(fieldForbidden(path, 'updates may not set certificate content'));
    else if (certificateOf(old).length > 0)
      errs.push(fieldForbidden(path, 'updates may not modify existing certificate content'));
  }
  return errs;
}
