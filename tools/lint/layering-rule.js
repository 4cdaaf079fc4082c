// ESLint rule enforcing the import direction of ARCHITECTURE.md: lower layers never import higher
// ones, components never import each other, and only the apiserver reaches src/storage.
import path from 'node:path';

const foundation = ['base', 'api', 'machinery'];
const clientSide = [...foundation, 'client', 'informers', 'controller-framework'];
const components = ['scheduler', 'controllers', 'kubelet', 'proxy', 'dns'];

/** For each folder under src/, the folders it may import from (besides itself). */
export const allowedImports = {
  base: [],
  api: ['base'],
  machinery: ['base', 'api'],
  storage: foundation,
  client: foundation,
  informers: [...foundation, 'client'],
  'controller-framework': [...foundation, 'client', 'informers'],
  apiserver: [...clientSide, 'storage'],
  ...Object.fromEntries(components.map((c) => [c, clientSide])),
  cmd: [...clientSide, 'apiserver', ...components],
};

/** npm packages that only one folder may use, because they are that folder's implementation detail. */
const privatePackages = { 'better-sqlite3': 'storage', etcd3: 'storage' };

function srcFolder(file, root) {
  const rel = path.relative(path.join(root, 'src'), file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep)[0];
}

/** @type {import('eslint').Rule.RuleModule} */
export const layeringRule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports must follow the layering of ARCHITECTURE.md' },
    schema: [],
    messages: {
      wrongWay:
        "src/{{from}} may not import src/{{to}} (allowed: {{allowed}}); see ARCHITECTURE.md 'Import rules'",
      privatePackage: "'{{pkg}}' may only be imported inside src/{{owner}}",
    },
  },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    const from = srcFolder(file, root);
    if (from === undefined || !(from in allowedImports)) return {};
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      if (spec.startsWith('.')) {
        const to = srcFolder(path.resolve(path.dirname(file), spec), root);
        if (to === undefined || to === from) return;
        if (!allowedImports[from].includes(to)) {
          const allowed = allowedImports[from].join(', ') || 'nothing';
          context.report({ node, messageId: 'wrongWay', data: { from, to, allowed } });
        }
        return;
      }
      const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      const owner = privatePackages[pkg];
      if (owner !== undefined && owner !== from) {
        context.report({ node, messageId: 'privatePackage', data: { pkg, owner } });
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};
