// Numeric and string formats (int32, int64, double, byte) that TypeScript's `number` and `string`
// erase. @kubernetes/client-node's generated model classes keep them in `attributeTypeMap`; this
// reads those arrays as text (no module loading) so the generator stays fast.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const attributeMap = /^(\w+)\.attributeTypeMap = (\[[\s\S]*?\n\]);$/m;

/** Reads every model class's attribute map: class name → (JSON field name → format). */
export function readClientNodeFormats() {
  const require = createRequire(import.meta.url);
  const modelsDir = path.join(path.dirname(require.resolve('@kubernetes/client-node')), 'gen', 'models');
  /** @type {Map<string, Map<string, string>>} */
  const classes = new Map();
  for (const file of fs.readdirSync(modelsDir)) {
    if (!file.endsWith('.js') || file === 'all.js' || file === 'ObjectSerializer.js') continue;
    const match = attributeMap.exec(fs.readFileSync(path.join(modelsDir, file), 'utf8'));
    if (match === null) continue;
    const fields = new Map();
    for (const attr of JSON.parse(match[2])) {
      if (attr.format !== '') fields.set(attr.baseName, attr.format);
    }
    classes.set(match[1], fields);
  }
  return classes;
}

const capitalize = (s) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The client-node class for a kubernetes-types declaration: client-node names a type
 * `<Version><Name>` ("V1Pod") unless two groups share the name in one version, in which case it
 * prefixes the group ("CoreV1Event", "EventsV1Event").
 */
export function formatsFor(classes, modulePath, name) {
  const [dir, version] = modulePath.split('/');
  if (version === undefined) return undefined;
  return (
    classes.get(`${capitalize(dir)}${capitalize(version)}${name}`) ??
    classes.get(`${capitalize(version)}${name}`)
  );
}
