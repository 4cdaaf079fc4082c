import type { ResourceType } from '../scheme/resource-type.js';
import { type OpenApiDocumentOptions, serializedOpenApiV3Document } from './document.js';
import { openApiV3Path } from './naming.js';
import type { OpenApiV3Root } from './openapi-types.js';

/** The distinct group-versions of a resource list, in first-seen order. */
export function groupVersionsOf(resources: readonly ResourceType[]): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const r of resources) {
    const key = `${r.group}/${r.version}`;
    if (!seen.has(key)) seen.set(key, { group: r.group, version: r.version });
  }
  return [...seen.values()];
}

/**
 * The /openapi/v3 root: one entry per served group-version whose URL carries the hash of that
 * document, so clients may cache hashed URLs forever and refetch when the hash changes.
 */
export function openApiV3Root(
  resources: readonly ResourceType[],
  options: OpenApiDocumentOptions = {},
): OpenApiV3Root {
  const entries = groupVersionsOf(resources).map(({ group, version }) => {
    const path = openApiV3Path(group, version);
    const { hash } = serializedOpenApiV3Document(group, version, resources, options);
    return [path, { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` }] as const;
  });
  return { paths: Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}
