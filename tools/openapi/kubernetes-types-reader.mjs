// Reads the kubernetes-types declaration files into plain records: one per exported interface or
// type alias, with its doc comment and, per property, the JSON name, optionality, doc comment and
// the TypeScript type node. Only the syntax tree is used (no type checker), which keeps it fast.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import ts from 'typescript';

/** The kubernetes-types package root. */
export function kubernetesTypesDir() {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('kubernetes-types/package.json'));
}

/** Every .d.ts module path under the package, e.g. "core/v1", "meta/v1", "runtime". */
export function listModules(root) {
  const modules = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.d.ts'))
        modules.push(path.relative(root, full).slice(0, -'.d.ts'.length));
    }
  };
  walk(root);
  return modules.map((m) => m.split(path.sep).join('/')).sort();
}

function docOf(node) {
  // The parser attaches JSDoc blocks to declarations as `jsDoc`; the last one is the closest.
  const docs = node.jsDoc;
  if (!docs || docs.length === 0) return undefined;
  const text = ts.getTextOfJSDocComment(docs[docs.length - 1].comment);
  return text === undefined || text === '' ? undefined : text;
}

function propertyName(name) {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : name.getText();
}

/**
 * Parses one module. Returns its declarations and a resolver from a type name used in the module
 * to the module that declares it (itself, or the one it imports the name from).
 */
export function readModule(root, modulePath) {
  const file = path.join(root, `${modulePath}.d.ts`);
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const imports = new Map();
  const declarations = [];
  for (const stmt of source.statements) {
    if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier)) {
      const from = path.posix.join(path.posix.dirname(modulePath), stmt.moduleSpecifier.text);
      const bindings = stmt.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements)
          imports.set(el.name.text, { module: from, name: (el.propertyName ?? el.name).text });
      }
    } else if (ts.isInterfaceDeclaration(stmt)) {
      const properties = [];
      for (const member of stmt.members) {
        if (!ts.isPropertySignature(member) || member.type === undefined) continue;
        properties.push({
          name: propertyName(member.name),
          optional: member.questionToken !== undefined,
          description: docOf(member),
          type: member.type,
        });
      }
      declarations.push({ kind: 'interface', name: stmt.name.text, description: docOf(stmt), properties });
    } else if (ts.isTypeAliasDeclaration(stmt)) {
      declarations.push({ kind: 'alias', name: stmt.name.text, description: docOf(stmt), type: stmt.type });
    }
  }
  const local = new Set(declarations.map((d) => d.name));
  const resolve = (name) => (local.has(name) ? { module: modulePath, name } : imports.get(name));
  return { modulePath, declarations, resolve };
}
