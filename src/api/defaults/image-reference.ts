// The container image pull policy defaults from the image's tag, which upstream reads with the
// docker reference grammar after normalizing the name the way `docker pull` does ("nginx" is
// docker.io/library/nginx:latest). A reference that does not parse counts as having no tag.

const alphaNumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alphaNumeric}(?:${separator}${alphaNumeric})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const host = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])`;
const name = `(?:${host}(?::[0-9]+)?/)?${pathComponent}(?:/${pathComponent})*`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const reference = new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`);

/** Digest algorithms the kubelet's parser can verify, with their hex length. */
const digestLengths: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };
const maxNameLength = 255;

function validDigest(value: string): boolean {
  const colon = value.indexOf(':');
  const length = digestLengths[value.slice(0, colon)];
  const hex = value.slice(colon + 1);
  return length !== undefined && hex.length === length && /^[a-f0-9]+$/.test(hex);
}

/** Splits off the registry host the way docker does: a first segment with "." or ":" or "localhost". */
function normalize(image: string): string {
  const slash = image.indexOf('/');
  const first = slash < 0 ? '' : image.slice(0, slash);
  const hasDomain =
    slash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first);
  if (hasDomain) return image;
  return slash < 0 ? `docker.io/library/${image}` : `docker.io/${image}`;
}

/**
 * The tag an image reference names, as the kubelet's ParseImageName reports it: "latest" when it
 * names neither a tag nor a digest, "" when it names only a digest or does not parse.
 */
export function imageTag(image: string): string {
  // Bounded so the regular expression never sees pathological input (no valid name is longer).
  if (image.length > 600 || /^[a-f0-9]{64}$/.test(image)) return '';
  const full = normalize(image);
  const remainder = full.slice(full.indexOf('/') + 1);
  const colon = remainder.indexOf(':');
  const repository = colon < 0 ? remainder : remainder.slice(0, colon);
  if (repository.toLowerCase() !== repository) return '';
  const match = reference.exec(full);
  if (!match || (match[1] ?? '').length > maxNameLength) return '';
  const digestPart = match[3];
  if (digestPart !== undefined && !validDigest(digestPart)) return '';
  const tagPart = match[2] ?? '';
  return tagPart === '' && digestPart === undefined ? 'latest' : tagPart;
}

/** Upstream's default imagePullPolicy: Always for ":latest" or no tag, IfNotPresent otherwise. */
export function defaultPullPolicy(image: unknown): 'Always' | 'IfNotPresent' {
  return imageTag(typeof image === 'string' ? image : '') === 'latest' ? 'Always' : 'IfNotPresent';
}
