// A logged request body as the client sent it. Parsing a write's body only to serialize it again
// for its audit line was a tenth of the apiserver's work on pod churn: a body the handler accepted
// is valid JSON, and one without line breaks can be embedded in the line verbatim.

/** JSON text embedded as it is in an audit line; serializes as its value anywhere else. */
export class RawJson {
  constructor(readonly text: string) {}

  /** For serializers other than auditEventLine (tests, webhooks): the value itself. */
  toJSON(): unknown {
    return JSON.parse(this.text) as unknown;
  }
}

/**
 * The event as one line of JSON: JSON.stringify's text, except that RawJson values are their text.
 */
export function auditEventLine(event: object): string {
  const fields = event as Record<string, unknown>;
  if (!(fields['requestObject'] instanceof RawJson)) return JSON.stringify(event);
  let out = '';
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    const json = value instanceof RawJson ? value.text : (JSON.stringify(value) as string | undefined);
    if (json === undefined) continue;
    out += `${out === '' ? '{' : ','}${JSON.stringify(key)}:${json}`;
  }
  return `${out}}`;
}
