import { readFileSync } from 'node:fs';
import type { GroupVersionKind } from '../scheme/resource-type.js';
import { deepFreeze } from './deep-freeze.js';
import type { OpenApiSchema } from './openapi-types.js';

/** Where the build (tools/openapi/generate-definitions.mjs) writes the built-in schemas. */
const definitionsFile = new URL('../../../generated/openapi-definitions.json', import.meta.url);

interface Loaded {
  readonly definitions: Readonly<Record<string, OpenApiSchema>>;
  readonly byGvk: ReadonlyMap<string, string>;
}

let loaded: Loaded | undefined;

/** "group/version/kind", the key of the GVK index. */
export function gvkKey(gvk: GroupVersionKind): string {
  return `${gvk.group}/${gvk.version}/${gvk.kind}`;
}

function load(): Loaded {
  if (loaded !== undefined) return loaded;
  let text: string;
  try {
    text = readFileSync(definitionsFile, 'utf8');
  } catch (err) {
    // tsc alone does not produce the file; only the full build script runs the generator.
    throw new Error(`openapi: ${definitionsFile.pathname} is missing; run \`npm run build\``, { cause: err });
  }
  const definitions = deepFreeze(JSON.parse(text) as Record<string, OpenApiSchema>);
  const byGvk = new Map<string, string>();
  for (const [name, schema] of Object.entries(definitions)) {
    const gvks = schema['x-kubernetes-group-version-kind'] ?? [];
    // A kind's own schema wins over the meta types registered in every group (DeleteOptions, ...).
    for (const gvk of gvks) {
      const key = gvkKey(gvk);
      if (gvks.length === 1 || !byGvk.has(key)) byGvk.set(key, name);
    }
  }
  loaded = { definitions, byGvk };
  return loaded;
}

/** The built-in schema with this upstream definition name (e.g. "io.k8s.api.core.v1.Pod"), if any. */
export function definitionFor(name: string): OpenApiSchema | undefined {
  const definitions = load().definitions;
  return Object.hasOwn(definitions, name) ? definitions[name] : undefined;
}

/** The upstream definition name of a built-in kind, or undefined for kinds the build does not know. */
export function definitionNameFor(gvk: GroupVersionKind): string | undefined {
  return load().byGvk.get(gvkKey(gvk));
}

/** The built-in schema of a kind (its top-level object), or undefined (e.g. for custom resources). */
export function schemaFor(gvk: GroupVersionKind): OpenApiSchema | undefined {
  const name = definitionNameFor(gvk);
  return name === undefined ? undefined : definitionFor(name);
}

/** Every built-in definition name, sorted. */
export function definitionNames(): readonly string[] {
  return Object.keys(load().definitions);
}
