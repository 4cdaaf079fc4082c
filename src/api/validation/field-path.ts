// A path into an object for validation messages, rendered as upstream's field.Path does:
// `spec.containers[0].name`, `metadata.labels[app]`. Immutable: every step returns a new path.

/** An immutable path to a field; `toString()` renders it the way upstream's field.Path does. */
export class FieldPath {
  private constructor(
    /** The field name, or undefined for a subscript step. */
    private readonly segment: string | undefined,
    /** The subscript (index or map key) when this step is one. */
    private readonly subscript: string | undefined,
    private readonly parent: FieldPath | undefined,
  ) {}

  /** A root path of one or more field names: root('spec', 'template') is "spec.template". */
  static root(name: string, ...more: string[]): FieldPath {
    let p = new FieldPath(name, undefined, undefined);
    for (const n of more) p = new FieldPath(n, undefined, p);
    return p;
  }

  /** This path extended by one or more field names. */
  child(name: string, ...more: string[]): FieldPath {
    let p = new FieldPath(name, undefined, this);
    for (const n of more) p = new FieldPath(n, undefined, p);
    return p;
  }

  /** This path subscripted by a list index: `[3]`. */
  index(i: number): FieldPath {
    return new FieldPath(undefined, String(i), this);
  }

  /** This path subscripted by a map key: `[key]` (no quoting, as upstream). */
  key(k: string): FieldPath {
    return new FieldPath(undefined, k, this);
  }

  /** The path as upstream renders it. */
  toString(): string {
    const steps: FieldPath[] = [this];
    for (let p = this.parent; p !== undefined; p = p.parent) steps.push(p);
    let out = '';
    for (let i = steps.length - 1; i >= 0; i--) {
      const step = steps[i] as FieldPath;
      // Upstream treats an empty field name like a subscript step, so we do too.
      if (step.segment !== undefined && step.segment !== '') {
        if (step.parent !== undefined) out += '.';
        out += step.segment;
      } else {
        out += `[${step.subscript ?? ''}]`;
      }
    }
    return out;
  }
}

/** Starts a field path: fieldPath('spec').child('containers').index(0) is "spec.containers[0]". */
export function fieldPath(name: string, ...more: string[]): FieldPath {
  return FieldPath.root(name, ...more);
}
