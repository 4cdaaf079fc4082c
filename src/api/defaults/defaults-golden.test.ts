import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import type { KubeObject } from '../object.js';
import { builtinResources } from '../scheme/builtin-resources.js';
import { apiVersionOf, parseApiVersion } from '../scheme/resource-type.js';
import { defaultObject } from './default-object.js';

// Golden pairs: test/golden/defaults/<group>-<kind>-<case>.input.yaml holds a request body and the
// matching .output.yaml what upstream 1.32 shows for it after defaulting. UPDATE=1 rewrites the
// outputs from the current code (for maintenance only: review the diff before keeping it).

const goldenDir = fileURLToPath(new URL('../../../../test/golden/defaults/', import.meta.url));
const update = process.env['UPDATE'] === '1';
const inputs = readdirSync(goldenDir)
  .filter((file) => file.endsWith('.input.yaml'))
  .sort();

function load(path: string): KubeObject {
  return parse(readFileSync(path, 'utf8')) as KubeObject;
}

function applyDefaults(object: KubeObject): KubeObject {
  const { group, version } = parseApiVersion(String(object.apiVersion));
  defaultObject(group, version, String(object.kind), object);
  return object;
}

for (const input of inputs) {
  const name = input.slice(0, -'.input.yaml'.length);
  const outputPath = `${goldenDir}${name}.output.yaml`;
  test(`defaults golden: ${name}`, () => {
    const actual = applyDefaults(load(goldenDir + input));
    if (update) {
      // Sorted keys read like `kubectl get -o yaml`; single quotes match the repo's prettier style.
      writeFileSync(outputPath, stringify(actual, { singleQuote: true, lineWidth: 0, sortMapEntries: true }));
      return;
    }
    assert.ok(existsSync(outputPath), `${name}.output.yaml is missing`);
    assert.deepStrictEqual(actual, load(outputPath));
  });

  test(`defaults golden: ${name} is stable when defaulted again`, () => {
    const once = applyDefaults(load(goldenDir + input));
    const twice = applyDefaults(structuredClone(once));
    assert.deepStrictEqual(twice, once);
  });
}

test('defaults golden: every served kind has at least one golden pair', () => {
  const covered = new Set(
    inputs.map((input) => {
      const object = load(goldenDir + input);
      return `${String(object.apiVersion)} ${String(object.kind)}`;
    }),
  );
  // Create-only review APIs are answered, never stored: nothing to default.
  const missing = builtinResources
    .filter((resource) => resource.verbs.includes('get'))
    .map((resource) => `${apiVersionOf(resource)} ${resource.kind}`)
    .filter((gvk) => !covered.has(gvk));
  assert.deepStrictEqual(missing, []);
});

test('defaults golden: every output has an input', () => {
  const orphans = readdirSync(goldenDir)
    .filter((file) => file.endsWith('.output.yaml'))
    .filter((file) => !inputs.includes(file.replace(/\.output\.yaml$/, '.input.yaml')));
  assert.deepStrictEqual(orphans, []);
});
