// Upstream's naming conventions for OpenAPI operation ids, tags, URL prefixes and the definition
// names of custom resources.

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The group-version part of operation ids: "CoreV1", "AppsV1", "RbacAuthorizationV1", "StableExampleComV1". */
export function operationGroupVersion(group: string, version: string): string {
  if (group === '') return `Core${capitalize(version)}`;
  // Built-in groups drop their ".k8s.io" suffix; every other group keeps all of its segments.
  const trimmed = group.endsWith('.k8s.io') ? group.slice(0, -'.k8s.io'.length) : group;
  const words = trimmed.split(/[.-]/).filter((w) => w !== '');
  return `${words.map(capitalize).join('')}${capitalize(version)}`;
}

/** The operation tag of a group-version: "core_v1", "apps_v1", "rbacAuthorization_v1". */
export function operationTag(group: string, version: string): string {
  const id = operationGroupVersion(group, version);
  const groupPart = id.slice(0, id.length - version.length);
  return `${groupPart.charAt(0).toLowerCase()}${groupPart.slice(1)}_${version}`;
}

/** The URL prefix of a group-version: "/api/v1" or "/apis/apps/v1". */
export function groupVersionPrefix(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

/** The /openapi/v3 root key of a group-version: "api/v1" or "apis/apps/v1". */
export function openApiV3Path(group: string, version: string): string {
  return groupVersionPrefix(group, version).slice(1);
}

/** A custom resource's definition name: the group reversed, then version and kind ("com.example.stable.v1.CronTab"). */
export function customResourceDefinitionName(group: string, version: string, kind: string): string {
  return [...group.split('.').reverse(), version, kind].join('.');
}

/** A subresource's operation-id suffix: "status" → "Status", "ephemeralcontainers" → "Ephemeralcontainers". */
export function subresourceSuffix(subresource: string): string {
  return capitalize(subresource);
}

/** The group-version an /openapi/v3 sub-path names ("api/v1", "apis/apps/v1"), or undefined. */
export function parseOpenApiV3Path(path: string): { group: string; version: string } | undefined {
  const parts = path.replace(/^\/+|\/+$/g, '').split('/');
  if (parts.length === 2 && parts[0] === 'api' && parts[1] !== '')
    return { group: '', version: parts[1] as string };
  if (parts.length === 3 && parts[0] === 'apis' && parts[1] !== '' && parts[2] !== '') {
    return { group: parts[1] as string, version: parts[2] as string };
  }
  return undefined;
}
