// Build step (run after tsc): derives the OpenAPI 3.0 schemas of every built-in Kubernetes type from
// the installed npm packages and writes them, keyed by upstream definition name, to
// dist/generated/openapi-definitions.json. kubernetes-types supplies the structure, doc comments
// and required-ness; @kubernetes/client-node supplies the number formats TypeScript erases;
// upstream-facts.mjs supplies naming and the patch/list extensions from Go struct tags.
// Nothing fetched from Kubernetes' repositories is committed or read.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { formatsFor, readClientNodeFormats } from './client-node-formats.mjs';
import { kubernetesTypesDir, listModules, readModule } from './kubernetes-types-reader.mjs';
import {
  atomicStructs,
  coreMetaKinds,
  customShapes,
  missingProperties,
  everyGroupMetaKinds,
  intOrStringName,
  packagePrefix,
  propertyExtensions,
} from './upstream-facts.mjs';

const outFile = fileURLToPath(new URL('../../dist/generated/openapi-definitions.json', import.meta.url));
const refPrefix = '#/components/schemas/';

/** Fields of a top-level kind that Go declares as non-pointer structs, so upstream defaults them to {}. */
const valueStructFields = new Set(['metadata', 'spec', 'status']);

function zeroDefault(schema) {
  if (schema.type === 'string') return '';
  if (schema.type === 'integer' || schema.type === 'number') return 0;
  if (schema.type === 'boolean') return false;
  return undefined;
}

function numberSchema(format, stats) {
  if (format === 'int32' || format === 'int64') return { type: 'integer', format };
  if (format === 'double' || format === 'float') return { type: 'number', format: 'double' };
  // client-node has no model for this type (kubernetes-types is older or newer): integers are by
  // far the common case in the API, and an unformatted integer still validates every int64.
  stats.unformattedNumbers++;
  return { type: 'integer' };
}

function parseApiVersion(apiVersion) {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function stringLiteral(node) {
  return node && ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)
    ? node.literal.text
    : undefined;
}

/** Turns kubernetes-types declarations into schemas. */
class SchemaBuilder {
  constructor(modules, formats) {
    this.formats = formats;
    this.stats = { unformattedNumbers: 0, unknownTypes: [] };
    /** Definition name → "interface" | "alias", to know which refs point at structs. */
    this.declKinds = new Map([[intOrStringName, 'alias']]);
    for (const m of modules) {
      for (const d of m.declarations) this.declKinds.set(`${packagePrefix(m.modulePath)}.${d.name}`, d.kind);
    }
  }

  refTo(module, typeName) {
    const target = module.resolve(typeName);
    if (target === undefined) {
      this.stats.unknownTypes.push(`${module.modulePath}:${typeName}`);
      return {};
    }
    return { $ref: `${refPrefix}${packagePrefix(target.module)}.${target.name}` };
  }

  isStructRef(schema) {
    return (
      schema.$ref !== undefined && this.declKinds.get(schema.$ref.slice(refPrefix.length)) === 'interface'
    );
  }

  /** The schema of a TypeScript type node; `format` is client-node's format for the field. */
  typeSchema(node, module, format) {
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return format === 'byte' ? { type: 'string', format } : { type: 'string' };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: 'boolean' };
      case ts.SyntaxKind.NumberKeyword:
        return numberSchema(format, this.stats);
      case ts.SyntaxKind.LiteralType:
        return { type: 'string' };
      case ts.SyntaxKind.ParenthesizedType:
        return this.typeSchema(node.type, module, format);
      case ts.SyntaxKind.ArrayType:
        return { type: 'array', items: this.elementSchema(node.elementType, module, format) };
      case ts.SyntaxKind.UnionType: {
        // kubernetes-types inlines IntOrString as `number | string`.
        const kinds = new Set(node.types.map((t) => t.kind));
        if (
          kinds.has(ts.SyntaxKind.NumberKeyword) &&
          kinds.has(ts.SyntaxKind.StringKeyword) &&
          kinds.size === 2
        ) {
          return { $ref: `${refPrefix}${intOrStringName}` };
        }
        break;
      }
      case ts.SyntaxKind.TypeReference: {
        const name = node.typeName.getText();
        if (name === 'Array' && node.typeArguments?.length === 1) {
          return { type: 'array', items: this.elementSchema(node.typeArguments[0], module, format) };
        }
        return this.refTo(module, name);
      }
      case ts.SyntaxKind.TypeLiteral: {
        const index = node.members.find((m) => ts.isIndexSignatureDeclaration(m));
        if (index !== undefined) {
          return { type: 'object', additionalProperties: this.elementSchema(index.type, module, format) };
        }
        return { type: 'object' };
      }
      default:
        break;
    }
    this.stats.unknownTypes.push(`${module.modulePath}:${node.getText()}`);
    return {};
  }

  /** List items and map values: Go stores them by value, so upstream gives them zero defaults. */
  elementSchema(node, module, format) {
    const schema = this.typeSchema(node, module, format);
    if (this.isStructRef(schema)) return { allOf: [schema], default: {} };
    const zero = zeroDefault(schema);
    return zero === undefined ? schema : { ...schema, default: zero };
  }

  propertySchema(prop, module, format, topLevel) {
    const schema = this.typeSchema(prop.type, module, format);
    const required = !prop.optional;
    if (schema.$ref !== undefined) {
      const valueStruct =
        this.isStructRef(schema) && (required || (topLevel && valueStructFields.has(prop.name)));
      // OpenAPI 3.0 ignores siblings of $ref, so upstream wraps a described ref in allOf.
      if (prop.description === undefined && !valueStruct) return schema;
      return {
        allOf: [schema],
        ...(prop.description !== undefined && { description: prop.description }),
        ...(valueStruct && { default: {} }),
      };
    }
    if (prop.description !== undefined) schema.description = prop.description;
    const zero = required ? zeroDefault(schema) : undefined;
    if (zero !== undefined) schema.default = zero;
    return schema;
  }

  interfaceSchema(decl, module) {
    const formats = formatsFor(this.formats, module.modulePath, decl.name);
    const apiVersion = stringLiteral(decl.properties.find((p) => p.name === 'apiVersion')?.type);
    const kind = stringLiteral(decl.properties.find((p) => p.name === 'kind')?.type);
    const topLevel = apiVersion !== undefined && kind !== undefined;
    const properties = {};
    const required = [];
    for (const prop of decl.properties) {
      properties[prop.name] = this.propertySchema(prop, module, formats?.get(prop.name), topLevel);
      if (!prop.optional) required.push(prop.name);
    }
    return {
      ...(decl.description !== undefined && { description: decl.description }),
      type: 'object',
      ...(decl.properties.length > 0 && { properties }),
      ...(required.length > 0 && { required }),
      ...(topLevel && { 'x-kubernetes-group-version-kind': [{ ...parseApiVersion(apiVersion), kind }] }),
    };
  }

  aliasSchema(decl, module) {
    const schema = this.typeSchema(decl.type, module, undefined);
    return { ...(decl.description !== undefined && { description: decl.description }), ...schema };
  }
}

/** Every group-version that declares a kind, in upstream's order (core first, then by group). */
function allGroupVersions(definitions) {
  const seen = new Map();
  for (const schema of Object.values(definitions)) {
    for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
      seen.set(`${gvk.group}/${gvk.version}`, { group: gvk.group, version: gvk.version });
    }
  }
  return [...seen.values()].sort((a, b) =>
    a.group === b.group ? a.version.localeCompare(b.version) : a.group.localeCompare(b.group),
  );
}

function applyFacts(definitions) {
  const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1';
  const groupVersions = allGroupVersions(definitions);
  for (const kind of coreMetaKinds) {
    definitions[`${meta}.${kind}`]['x-kubernetes-group-version-kind'] = [{ group: '', version: 'v1', kind }];
  }
  for (const kind of everyGroupMetaKinds) {
    definitions[`${meta}.${kind}`]['x-kubernetes-group-version-kind'] = groupVersions.map((gv) => ({
      ...gv,
      kind,
    }));
  }
  for (const [name, shape] of Object.entries(customShapes)) {
    const description = definitions[name]?.description;
    definitions[name] = { ...(description !== undefined && { description }), ...shape };
  }
  const unmatched = [];
  for (const [name, properties] of Object.entries(missingProperties)) {
    const def = definitions[name];
    if (def === undefined) unmatched.push(name);
    else def.properties = { ...properties, ...def.properties };
  }
  for (const [key, extensions] of Object.entries(propertyExtensions)) {
    const dot = key.lastIndexOf('.');
    const property = definitions[key.slice(0, dot)]?.properties?.[key.slice(dot + 1)];
    // Facts about fields newer than the installed kubernetes-types have nothing to attach to.
    if (property === undefined) unmatched.push(key);
    else Object.assign(property, extensions);
  }
  for (const name of atomicStructs) {
    if (definitions[name] !== undefined) definitions[name]['x-kubernetes-map-type'] = 'atomic';
    else unmatched.push(name);
  }
  return unmatched;
}

/** Sorts object keys recursively (upstream documents are key-sorted; it also makes hashes stable). */
function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, canonical(value[k])]),
  );
}

function main() {
  const started = performance.now();
  const root = kubernetesTypesDir();
  const modules = listModules(root).map((m) => readModule(root, m));
  const builder = new SchemaBuilder(modules, readClientNodeFormats());
  const definitions = {};
  for (const module of modules) {
    const prefix = packagePrefix(module.modulePath);
    for (const decl of module.declarations) {
      const name = `${prefix}.${decl.name}`;
      // Hand-shaped schemas only keep the declaration's description (applyFacts adds the shape).
      if (name in customShapes) definitions[name] = { description: decl.description };
      else if (decl.kind === 'interface') definitions[name] = builder.interfaceSchema(decl, module);
      else definitions[name] = builder.aliasSchema(decl, module);
    }
  }
  const unmatched = applyFacts(definitions);
  if (builder.stats.unknownTypes.length > 0) {
    throw new Error(
      `openapi: unsupported types in kubernetes-types: ${builder.stats.unknownTypes.join(', ')}`,
    );
  }
  const body = JSON.stringify(canonical(definitions));
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, body);
  const ms = Math.round(performance.now() - started);
  console.log(
    `openapi: ${Object.keys(definitions).length} definitions, ${body.length} bytes, ${ms} ms` +
      ` (${builder.stats.unformattedNumbers} numbers without a client-node format,` +
      ` ${unmatched.length} extension facts for fields kubernetes-types lacks)`,
  );
}

main();
