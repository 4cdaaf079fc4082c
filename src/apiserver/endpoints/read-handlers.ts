import { apiVersionOf } from '../../api/scheme/resource-type.js';
import type { KubeObject } from '../../api/object.js';
import { isStatusError, notAcceptable, resourceExpired } from '../../machinery/errors/index.js';
import type { ApiRequest } from '../http/api-request.js';
import { warningHeaderValue, writeJson } from '../http/write-response.js';
import { negotiate, type ResponseFormat } from '../request/negotiate.js';
import { writtenJson } from '../registry/written-json.js';
import type { CachedObject } from '../watch-cache/cached-object.js';
import type { WatchOutput } from '../watch-cache/cache-watcher.js';
import { selectorFilter } from './object-filter.js';
import { integerParam, validateListOptions } from './request-options.js';
import type { ServedResource } from './served-resource.js';
import type { ServerContext } from './server-context.js';
import { parseIncludeObject, partialObjectMetadata, table, tableRows } from './table-output.js';
import { eventHead, eventTail, streamWatch, type WatchEventPieces } from './watch-stream.js';

const acceptable = [
  'application/json',
  'application/yaml',
  'application/vnd.kubernetes.protobuf',
  'application/json;stream=watch',
  'application/vnd.kubernetes.protobuf;stream=watch',
];

/** The response format of a resource read, or a 406. */
export function objectFormat(areq: ApiRequest): ResponseFormat {
  const f = negotiate(areq.req.headers.accept, 'object');
  if (f.kind === 'unacceptable') throw notAcceptable(acceptable);
  return f;
}

/** True when stored objects already are in the served version (no conversion needed to send them). */
function sameVersion(served: ServedResource): boolean {
  return served.type.storageApiVersion === apiVersionOf(served.type);
}

/** Writes one object in the negotiated format (JSON object or a one-row Table). */
export function writeObject(
  areq: ApiRequest,
  served: ServedResource,
  ctx: ServerContext,
  status: number,
  object: KubeObject,
): void {
  const format = objectFormat(areq);
  const out = served.fromStorage(object);
  if (format.kind === 'table') {
    const include = parseIncludeObject(areq.url.searchParams.get('includeObject'));
    const body = table(served.printer, [out], {
      include,
      version: format.version,
      now: ctx.now(),
      listMeta: { resourceVersion: out.metadata?.resourceVersion ?? '' },
      columns: true,
    });
    writeJson(areq.res, status, body, { warnings: areq.warnings });
    return;
  }
  if (format.kind === 'partial-metadata') {
    writeJson(areq.res, status, partialObjectMetadata(out, format.version), { warnings: areq.warnings });
    return;
  }
  // An object this server just wrote goes out as its stored bytes with the resourceVersion added.
  const known = out === object && format.kind === 'json' ? writtenJson(object) : undefined;
  writeJson(areq.res, status, known ?? out, { warnings: areq.warnings });
}

/** GET of one object. */
export async function handleGet(areq: ApiRequest, served: ServedResource, ctx: ServerContext): Promise<void> {
  const { namespace, name } = areq.info;
  objectFormat(areq);
  const object = await served.store.get(
    namespace,
    name,
    areq.url.searchParams.get('resourceVersion') ?? undefined,
  );
  writeObject(areq, served, ctx, 200, object);
}

/** LIST of a collection: JSON list, Table, or PartialObjectMetadataList. */
export async function handleList(
  areq: ApiRequest,
  served: ServedResource,
  ctx: ServerContext,
): Promise<void> {
  const q = areq.url.searchParams;
  const format = objectFormat(areq);
  const opts = {
    resourceVersion: q.get('resourceVersion') ?? undefined,
    resourceVersionMatch: q.get('resourceVersionMatch') ?? undefined,
    continue: q.get('continue') ?? undefined,
  };
  validateListOptions({
    ...opts,
    watch: false,
    sendInitialEvents: q.has('sendInitialEvents') ? q.get('sendInitialEvents') === 'true' : undefined,
  });
  const { filter, filtered } = selectorFilter(served.type, served.store.type, q);
  const limit = integerParam(q, 'limit');
  const page = await served.store.list({
    namespace: areq.info.namespace,
    filter,
    filtered,
    ...opts,
    ...(limit !== undefined ? { limit } : {}),
  });
  const listMeta: Record<string, unknown> = { resourceVersion: page.resourceVersion };
  if (page.continue) listMeta['continue'] = page.continue;
  if (page.remainingItemCount !== undefined) listMeta['remainingItemCount'] = page.remainingItemCount;

  if (format.kind === 'table') {
    const include = parseIncludeObject(q.get('includeObject'));
    const objects = page.items.map((o) => served.fromStorage(o.object));
    writeJson(
      areq.res,
      200,
      table(served.printer, objects, {
        include,
        version: format.version,
        now: ctx.now(),
        listMeta,
        columns: true,
      }),
      { warnings: areq.warnings },
    );
    return;
  }
  if (format.kind === 'partial-metadata') {
    const items = page.items.map((o) => partialObjectMetadata(o.object, format.version));
    writeJson(
      areq.res,
      200,
      {
        kind: 'PartialObjectMetadataList',
        apiVersion: `meta.k8s.io/${format.version}`,
        metadata: listMeta,
        items,
      },
      { warnings: areq.warnings },
    );
    return;
  }
  // Cached objects carry their encoded JSON, so a list is those bytes copied between a head and a
  // tail; big lists go out in chunks instead of one huge buffer (less copying, smaller GC pauses).
  const same = sameVersion(served);
  const itemBytes = (o: CachedObject): Buffer =>
    same ? o.bytes() : Buffer.from(JSON.stringify(served.fromStorage(o.object)));
  const head = JSON.stringify({
    kind: served.type.listKind,
    apiVersion: apiVersionOf(served.type),
    metadata: listMeta,
  });
  const open = Buffer.from(`${head.slice(0, -1)},"items":[`);
  if (page.items.length <= listChunk) {
    const body = Buffer.concat([open, joinItems(page.items.map(itemBytes), false), listClose]);
    writeJson(areq.res, 200, body, { warnings: areq.warnings });
    return;
  }
  const headers: Record<string, string | string[]> = {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
  };
  if (areq.warnings.length > 0) headers['Warning'] = areq.warnings.map(warningHeaderValue);
  areq.res.writeHead(200, headers);
  areq.res.write(open);
  for (let i = 0; i < page.items.length; i += listChunk) {
    areq.res.write(joinItems(page.items.slice(i, i + listChunk).map(itemBytes), i > 0));
  }
  areq.res.end(listClose);
}

const comma = Buffer.from(',');
const listClose = Buffer.from(']}');

// Items' JSON separated by commas (and led by one when the chunk continues a list) in one buffer.
function joinItems(items: readonly Buffer[], leadingComma: boolean): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < items.length; i++) {
    if (i > 0 || leadingComma) parts.push(comma);
    parts.push(items[i]!);
  }
  return Buffer.concat(parts);
}

/** Items per written chunk of a big list. */
const listChunk = 1000;

/** WATCH of a collection (or of one object through a metadata.name field selector). */
export async function handleWatch(
  areq: ApiRequest,
  served: ServedResource,
  ctx: ServerContext,
): Promise<void> {
  const q = areq.url.searchParams;
  const format = objectFormat(areq);
  const sendInitialEvents = q.has('sendInitialEvents') ? q.get('sendInitialEvents') === 'true' : undefined;
  const resourceVersion = q.get('resourceVersion') ?? undefined;
  validateListOptions({
    resourceVersion,
    resourceVersionMatch: q.get('resourceVersionMatch') ?? undefined,
    watch: true,
    sendInitialEvents,
  });
  const { filter } = selectorFilter(served.type, served.store.type, q);
  const bookmarks = q.get('allowWatchBookmarks') === 'true';
  let watcher;
  try {
    watcher = await served.store.watch({
      namespace: areq.info.namespace,
      filter,
      resourceVersion,
      bookmarks,
      sendInitialEvents: sendInitialEvents === true,
    });
  } catch (err) {
    // Upstream answers a too-old watch with 200 and one ERROR event, which both clients handle best.
    if (isStatusError(err, 'Expired')) {
      areq.res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
      areq.res.end(`${JSON.stringify({ type: 'ERROR', object: err.status })}\n`);
      return;
    }
    throw err;
  }
  const timeoutSeconds = integerParam(q, 'timeoutSeconds');
  const timeoutMs =
    timeoutSeconds !== undefined && timeoutSeconds > 0
      ? timeoutSeconds * 1000
      : ctx.maxWatchMs * (1 + Math.random());
  const same = sameVersion(served);
  const listKind = { kind: served.type.kind, apiVersion: apiVersionOf(served.type) };
  const include = format.kind === 'table' ? parseIncludeObject(q.get('includeObject')) : 'Metadata';
  let firstTable = true;

  const objectJson = (o: CachedObject): Buffer | string => {
    if (format.kind === 'table') {
      const rows = tableRows(
        served.printer,
        [served.fromStorage(o.object)],
        include,
        format.version,
        ctx.now(),
      );
      const t = {
        kind: 'Table',
        apiVersion: `meta.k8s.io/${format.version}`,
        metadata: { resourceVersion: String(o.revision) },
        columnDefinitions: firstTable ? served.printer.columns : [],
        rows,
      };
      firstTable = false;
      return JSON.stringify(t);
    }
    if (format.kind === 'partial-metadata')
      return JSON.stringify(partialObjectMetadata(o.object, format.version));
    return same ? o.bytes() : JSON.stringify(served.fromStorage(o.object));
  };
  const encode = (out: WatchOutput): WatchEventPieces => {
    switch (out.type) {
      case 'BOOKMARK': {
        const metadata: Record<string, unknown> = { resourceVersion: String(out.revision) };
        if (out.initialEventsEnd) metadata['annotations'] = { 'k8s.io/initial-events-end': 'true' };
        return JSON.stringify({ type: 'BOOKMARK', object: { ...listKind, metadata } });
      }
      case 'ERROR':
        return JSON.stringify({ type: 'ERROR', object: resourceExpired(out.message).status });
      default:
        return [eventHead[out.type], objectJson(out.object), eventTail];
    }
  };
  await streamWatch(areq, watcher, encode, timeoutMs);
}
