// What decoding a body into upstream's typed structs finds, in ONE walk of the object: whether some
// value has the wrong JSON type, the first malformed resource.Quantity, and the fields the schema
// does not declare (optionally dropped in place, with null struct fields, as pruneUnknownFields
// does). It replaces three walks (type mismatches, quantities, pruning) that visited the same
// values in the same order, so its findings are theirs; findTypeMismatch still words the message.
import { isPlainObject } from '../../api/object.js';
import type { OpenApiSchema, SchemaNode } from '../../api/openapi/index.js';
import { isQuantitySchema, quantityError } from './quantity-decode.js';

/** What the walk found. */
export interface DecodeWalk {
  /**
   * True when a value has a JSON type its schema rejects; findTypeMismatch names the first one
   * (the walk stops there, having dropped only fields findTypeMismatch skips anyway).
   */
  readonly mismatch: boolean;
  /** The error of the first malformed quantity (meaningful when there is no mismatch). */
  readonly badQuantity: string | undefined;
  /** Undeclared fields in upstream's notation ("spec.containers[0].x"), in document order. */
  readonly unknown: readonly string[];
}

/** A field's node, and whether its own (unresolved) schema is a Quantity. */
interface Child {
  readonly plan: Plan;
  readonly quantity: boolean;
}

const enum Shape {
  Any,
  Scalar,
  Array,
  Fields,
}

/** Per schema node, what the walk asks of it, computed once (nodes are memoized, so are plans). */
class Plan {
  readonly shape: Shape;
  /** Null struct fields are dropped when pruning (a typed struct field decoded from null stays unset). */
  readonly dropsNulls: boolean;
  private readonly declared: Readonly<Record<string, OpenApiSchema>> | undefined;
  private readonly fields = new Map<string, Child>();
  private valuesChild: Child | undefined | null = null;
  private itemsChild: Child | undefined | null = null;
  // The JSON types a scalar accepts; all of them when its schema leaves a type open.
  private readonly anyScalar: boolean;
  private readonly types: ReadonlySet<string | undefined>;

  constructor(readonly node: SchemaNode) {
    const s = node.schema;
    this.shape =
      node.shape === 'any'
        ? Shape.Any
        : node.shape === 'scalar'
          ? Shape.Scalar
          : node.shape === 'array'
            ? Shape.Array
            : Shape.Fields;
    this.dropsNulls = node.shape === 'object' && !node.preservesUnknownFields;
    this.declared = s.properties;
    this.types = new Set(s.oneOf ? s.oneOf.map((o) => o.type) : [s.type]);
    this.anyScalar = this.types.has(undefined);
  }

  /** findTypeMismatch's `matches`: may `value` stand here? */
  accepts(value: unknown): boolean {
    if (value === null) return true;
    switch (this.shape) {
      case Shape.Any:
        return true;
      case Shape.Array:
        return Array.isArray(value);
      case Shape.Fields:
        return isPlainObject(value);
      default:
        break;
    }
    if (this.anyScalar) return true;
    if (typeof value === 'string') return this.types.has('string');
    if (typeof value === 'boolean') return this.types.has('boolean');
    if (typeof value === 'number')
      return this.types.has('number') || (this.types.has('integer') && Number.isInteger(value));
    return false;
  }

  /** SchemaNode.property(name) with the quantity flag the walkers derive from the same schema. */
  child(name: string): Child | undefined {
    const declared = this.declared;
    if (declared !== undefined) {
      if (Object.hasOwn(declared, name)) {
        let c = this.fields.get(name);
        if (c === undefined) {
          c = { plan: planOf(this.node.property(name)!), quantity: isQuantitySchema(declared[name]) };
          this.fields.set(name, c);
        }
        return c;
      }
      // A name Object.prototype answers ("constructor"): the walkers' `properties?.[name]` sees it.
      if (declared[name] !== undefined) return this.inheritedName(name, declared);
    }
    if (this.valuesChild === null) {
      const values = this.node.values();
      const raw = this.node.schema.additionalProperties;
      this.valuesChild =
        values === undefined
          ? undefined
          : { plan: planOf(values), quantity: isQuantitySchema(raw as OpenApiSchema) };
    }
    if (this.valuesChild !== undefined) return this.valuesChild;
    const other = this.node.property(name);
    return other === undefined ? undefined : { plan: planOf(other), quantity: false };
  }

  private inheritedName(name: string, declared: Readonly<Record<string, OpenApiSchema>>): Child | undefined {
    const node = this.node.property(name);
    if (node === undefined) return undefined;
    const additional = this.node.schema.additionalProperties;
    const raw = declared[name] ?? (typeof additional === 'object' ? additional : undefined);
    return { plan: planOf(node), quantity: isQuantitySchema(raw) };
  }

  /** The element node of an array schema, with its quantity flag. */
  items(): Child | undefined {
    if (this.itemsChild === null) {
      const items = this.node.items();
      this.itemsChild =
        items === undefined
          ? undefined
          : { plan: planOf(items), quantity: isQuantitySchema(this.node.schema.items) };
    }
    return this.itemsChild;
  }
}

const plans = new WeakMap<SchemaNode, Plan>();

function planOf(node: SchemaNode): Plan {
  let plan = plans.get(node);
  if (plan === undefined) {
    plan = new Plan(node);
    plans.set(node, plan);
  }
  return plan;
}

/** The walk's state: the path to the current value (keys and indexes), built into text only when needed. */
class Walker {
  mismatch = false;
  badQuantity: string | undefined;
  readonly unknown: string[] = [];
  private readonly path: (string | number)[] = [];

  constructor(private readonly prune: boolean) {}

  /** Walks the fields of an object value; false once a mismatch stops the walk. */
  fields(value: Record<string, unknown>, plan: Plan): boolean {
    for (const field of Object.keys(value)) {
      const v = value[field];
      const child = plan.child(field);
      if (child === undefined) {
        this.unknown.push(this.pathTo(field));
        if (this.prune) delete value[field];
      } else if (v === null) {
        if (this.prune && plan.dropsNulls) delete value[field];
      } else {
        this.path.push(field);
        const ok = this.value(v, child);
        this.path.pop();
        if (!ok) return false;
      }
    }
    return true;
  }

  private value(v: unknown, child: Child): boolean {
    const plan = child.plan;
    if (!plan.accepts(v)) {
      this.mismatch = true;
      return false;
    }
    if (child.quantity) {
      // A Quantity is a scalar: nothing below it for the other walkers.
      if (this.badQuantity === undefined) this.badQuantity = quantityError(v);
      return true;
    }
    if (plan.shape === Shape.Fields) return this.fields(v as Record<string, unknown>, plan);
    if (plan.shape !== Shape.Array) return true;
    const items = plan.items();
    if (items === undefined) return true;
    const list = v as unknown[];
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      if (item === null) continue;
      this.path.push(i);
      const ok = this.value(item, items);
      this.path.pop();
      if (!ok) return false;
    }
    return true;
  }

  private pathTo(field: string): string {
    let out = '';
    for (const step of this.path) {
      if (typeof step === 'number') out += `[${step}]`;
      else out = out === '' ? step : `${out}.${step}`;
    }
    return out === '' ? field : `${out}.${field}`;
  }
}

/**
 * Walks a whole API object (a plain object) against its kind's top-level node; with `prune`,
 * drops its undeclared fields and null struct fields in place, as pruneUnknownFields does.
 */
export function decodeWalk(object: Record<string, unknown>, node: SchemaNode, prune: boolean): DecodeWalk {
  const walker = new Walker(prune);
  const plan = planOf(node);
  if (plan.shape === Shape.Fields) walker.fields(object, plan);
  return { mismatch: walker.mismatch, badQuantity: walker.badQuantity, unknown: walker.unknown };
}
