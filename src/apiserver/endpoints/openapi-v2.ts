// GET /openapi/v2: the Swagger 2.0 document as JSON or as gnostic protobuf (what kubectl asks
// for), negotiated on Accept the way upstream's kube-openapi handler does, with an ETag so a
// client holding the current document gets 304.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serializedOpenApiV2Document } from '../../api/openapi/index.js';
import type { ResourceType } from '../../api/scheme/resource-type.js';
import { encodeOpenApiV2Document } from '../../machinery/protobuf/openapi-v2-protobuf.js';

const protobufContentType = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

// What each acceptable media type is answered with, in upstream's order of preference.
const offers = [
  { type: 'application', subtype: 'json', format: 'json' },
  { type: 'application', subtype: 'com.github.proto-openapi.spec.v2@v1.0+protobuf', format: 'protobuf' },
  { type: 'application', subtype: 'com.github.proto-openapi.spec.v2.v1.0+protobuf', format: 'protobuf' },
] as const;

interface AcceptClause {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
}

// goautoneg's ParseAccept: media ranges ordered by q, then by specificity, stable otherwise.
function parseAccept(header: string): AcceptClause[] {
  const clauses = header.split(',').flatMap((part) => {
    const [range = '', ...params] = part.split(';').map((s) => s.trim());
    const [type = '', subtype = '*'] = range.split('/');
    if (type === '') return [];
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    return [{ type, subtype, q: Number.isFinite(q) ? q : 0 }];
  });
  const specificity = (c: AcceptClause) => (c.type === '*' ? 0 : c.subtype === '*' ? 1 : 2);
  return clauses
    .map((c, i) => ({ c, i }))
    .sort((a, b) => b.c.q - a.c.q || specificity(b.c) - specificity(a.c) || a.i - b.i)
    .map(({ c }) => c);
}

let protobufCache: { hash: string; bytes: Uint8Array } | undefined;

/** Answers GET /openapi/v2 for the served resources. */
export function serveOpenApiV2(
  req: IncomingMessage,
  res: ServerResponse,
  resources: readonly ResourceType[],
): void {
  res.setHeader('Vary', 'Accept');
  let format: 'json' | 'protobuf' | undefined;
  for (const clause of parseAccept(req.headers.accept || '*/*')) {
    if (clause.q <= 0) continue;
    const offer = offers.find(
      (o) =>
        (clause.type === '*' || clause.type === o.type) &&
        (clause.subtype === '*' || clause.subtype === o.subtype),
    );
    if (offer !== undefined) {
      format = offer.format;
      break;
    }
  }
  if (format === undefined) {
    res.writeHead(406).end();
    return;
  }
  const doc = serializedOpenApiV2Document(resources);
  const etag = `"${doc.hash}"`;
  const headers = { ETag: etag, 'Cache-Control': 'no-cache, private' };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return;
  }
  if (format === 'json') {
    res.writeHead(200, {
      ...headers,
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(doc.body)),
    });
    res.end(doc.body);
    return;
  }
  if (protobufCache?.hash !== doc.hash)
    protobufCache = { hash: doc.hash, bytes: encodeOpenApiV2Document(doc.document) };
  res.writeHead(200, {
    ...headers,
    'Content-Type': protobufContentType,
    'Content-Length': String(protobufCache.bytes.byteLength),
  });
  res.end(protobufCache.bytes);
}
