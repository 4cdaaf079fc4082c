// The REST paths and operations upstream publishes for one resource: collection and item paths,
// the all-namespaces list, the deprecated /watch/ paths, and one path per subresource.
import type { GroupVersionKind, ResourceType, SubresourceType, Verb } from '../scheme/resource-type.js';
import { subresourceSuffix } from './naming.js';
import type {
  KubernetesAction,
  OpenApiContent,
  OpenApiOperation,
  OpenApiParameter,
  OpenApiPathItem,
  OpenApiResponse,
} from './openapi-types.js';
import {
  deleteCollectionParameters,
  deleteParameters,
  listParameters,
  parameters,
  patchParameters,
  pathParameter,
  queryParameters,
  writeParameters,
} from './parameters.js';
import { schemaRef } from './schema-closure.js';

/** What the path builder needs to know about the group-version being documented. */
export interface GroupVersionContext {
  /** URL prefix: "/api/v1", "/apis/apps/v1". */
  readonly prefix: string;
  /** Operation-id infix: "CoreV1", "AppsV1". */
  readonly operationGroupVersion: string;
  readonly tag: string;
  /** The definition name of a kind's schema (synthesizing one for kinds without a schema). */
  kindSchema(gvk: GroupVersionKind): string;
  /** The definition name of a list kind's schema, whose items are `itemSchema`. */
  listSchema(gvk: GroupVersionKind, itemSchema: string): string;
  /** True for kinds compiled into the server; custom resources get no strategic merge patch. */
  isBuiltin(gvk: GroupVersionKind): boolean;
}

const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const statusSchema = `${meta}.Status`;

/**
 * Resources whose registry answers DELETE with the deleted (or terminating) object rather than a
 * Status, as upstream documents them.
 */
const deleteReturnsObject = new Set(['pods', 'services', 'persistentvolumes', 'persistentvolumeclaims']);

const watchDeprecation =
  " deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the 'fieldSelector' parameter.";

function content(types: readonly string[], schemaName: string): OpenApiContent {
  return Object.fromEntries(types.map((t) => [t, { schema: schemaRef(schemaName) }]));
}

const unauthorized: OpenApiResponse = { description: 'Unauthorized' };

function byName(params: readonly OpenApiParameter[]): OpenApiParameter[] {
  return [...params].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Builds the paths of one resource. */
class ResourcePathBuilder {
  private readonly paths: Record<string, OpenApiPathItem> = {};
  private readonly gvk: GroupVersionKind;
  private readonly kindSchema: string;
  private readonly custom: boolean;
  private readonly objectTypes: readonly string[];
  private readonly streamTypes: readonly string[];

  constructor(
    private readonly r: ResourceType,
    private readonly ctx: GroupVersionContext,
  ) {
    this.gvk = { group: r.group, version: r.version, kind: r.kind };
    this.kindSchema = ctx.kindSchema(this.gvk);
    this.custom = !ctx.isBuiltin(this.gvk);
    // Custom resources are served as JSON and YAML only; built-ins also speak protobuf.
    this.objectTypes = this.custom
      ? ['application/json', 'application/yaml']
      : ['application/json', 'application/vnd.kubernetes.protobuf', 'application/yaml'];
    this.streamTypes = this.custom
      ? ['application/json', 'application/json;stream=watch', 'application/yaml']
      : [
          'application/json',
          'application/json;stream=watch',
          'application/vnd.kubernetes.protobuf',
          'application/vnd.kubernetes.protobuf;stream=watch',
          'application/yaml',
        ];
  }

  private has(verb: Verb): boolean {
    return this.r.verbs.includes(verb);
  }

  private operation(
    action: KubernetesAction,
    operationId: string,
    description: string,
    gvk: GroupVersionKind,
    rest: Pick<OpenApiOperation, 'parameters' | 'requestBody' | 'responses'>,
  ): OpenApiOperation {
    return {
      description,
      operationId,
      ...(rest.parameters !== undefined && rest.parameters.length > 0 && { parameters: rest.parameters }),
      ...(rest.requestBody !== undefined && { requestBody: rest.requestBody }),
      responses: rest.responses,
      tags: [this.ctx.tag],
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk,
    };
  }

  private ok(schemaName: string, codes: readonly ('200' | '201' | '202')[]): Record<string, OpenApiResponse> {
    const text = { '200': 'OK', '201': 'Created', '202': 'Accepted' } as const;
    const responses: Record<string, OpenApiResponse> = {};
    for (const code of codes)
      responses[code] = { description: text[code], content: content(this.objectTypes, schemaName) };
    responses['401'] = unauthorized;
    return responses;
  }

  private writeBody(schemaName: string): OpenApiOperation['requestBody'] {
    return { content: content(['*/*'], schemaName), required: true };
  }

  private patchBody(): OpenApiOperation['requestBody'] {
    const types = [
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
      // Listing SMP tells kubectl to compute strategic patches from these schemas; custom
      // resources have no patch metadata, so kubectl must fall back to merge patch for them.
      ...(this.custom ? [] : ['application/strategic-merge-patch+json']),
    ];
    return { content: content(types, `${meta}.Patch`), required: true };
  }

  private add(path: string, item: OpenApiPathItem): void {
    const methods = (['get', 'put', 'post', 'patch', 'delete'] as const).filter((m) => item[m] !== undefined);
    if (methods.length > 0) this.paths[path] = item;
  }

  build(): Record<string, OpenApiPathItem> {
    const { r, ctx } = this;
    const ns = r.namespaced ? 'Namespaced' : '';
    const id = (verb: string, suffix = ''): string =>
      `${verb}${ctx.operationGroupVersion}${ns}${r.kind}${suffix}`;
    const scope = r.namespaced ? '/namespaces/{namespace}' : '';
    const collection = `${ctx.prefix}${scope}/${r.resource}`;
    const item = `${collection}/{name}`;
    const scopeParams = r.namespaced ? [pathParameter('namespace', r.kind)] : [];
    const pretty = queryParameters.pretty;
    const listSchema = ctx.listSchema({ ...this.gvk, kind: r.listKind }, this.kindSchema);
    const listResponse = {
      '200': { description: 'OK', content: content(this.streamTypes, listSchema) },
      '401': unauthorized,
    };
    const deleteSchema = deleteReturnsObject.has(r.resource) && !this.custom ? this.kindSchema : statusSchema;

    this.add(collection, {
      parameters: byName([...scopeParams, pretty]),
      ...(this.has('list') && {
        get: this.operation('list', id('list'), `list or watch objects of kind ${r.kind}`, this.gvk, {
          parameters: parameters(listParameters),
          responses: listResponse,
        }),
      }),
      ...(this.has('create') && {
        post: this.operation('post', id('create'), `create a ${r.kind}`, this.gvk, {
          parameters: parameters(writeParameters),
          requestBody: this.writeBody(this.kindSchema),
          responses: this.ok(this.kindSchema, ['200', '201', '202']),
        }),
      }),
      ...(this.has('deletecollection') && {
        delete: this.operation(
          'deletecollection',
          `delete${ctx.operationGroupVersion}Collection${ns}${r.kind}`,
          `delete collection of ${r.kind}`,
          this.gvk,
          {
            parameters: parameters(deleteCollectionParameters),
            requestBody: { content: content(['*/*'], `${meta}.DeleteOptions`) },
            responses: this.ok(statusSchema, ['200']),
          },
        ),
      }),
    });

    this.add(item, {
      parameters: byName([pathParameter('name', r.kind), ...scopeParams, pretty]),
      ...(this.has('get') && {
        get: this.operation('get', id('read'), `read the specified ${r.kind}`, this.gvk, {
          responses: this.ok(this.kindSchema, ['200']),
        }),
      }),
      ...(this.has('update') && {
        put: this.operation('put', id('replace'), `replace the specified ${r.kind}`, this.gvk, {
          parameters: parameters(writeParameters),
          requestBody: this.writeBody(this.kindSchema),
          responses: this.ok(this.kindSchema, ['200', '201']),
        }),
      }),
      ...(this.has('patch') && {
        patch: this.operation('patch', id('patch'), `partially update the specified ${r.kind}`, this.gvk, {
          parameters: parameters(patchParameters),
          requestBody: this.patchBody(),
          responses: this.ok(this.kindSchema, ['200', '201']),
        }),
      }),
      ...(this.has('delete') && {
        delete: this.operation('delete', id('delete'), `delete a ${r.kind}`, this.gvk, {
          parameters: parameters(deleteParameters),
          requestBody: { content: content(['*/*'], `${meta}.DeleteOptions`) },
          responses: this.ok(deleteSchema, ['200', '202']),
        }),
      }),
    });

    if (r.namespaced && this.has('list')) {
      this.add(`${ctx.prefix}/${r.resource}`, {
        parameters: byName([...parameters(listParameters), pretty]),
        get: this.operation(
          'list',
          `list${ctx.operationGroupVersion}${r.kind}ForAllNamespaces`,
          `list or watch objects of kind ${r.kind}`,
          this.gvk,
          { responses: listResponse },
        ),
      });
    }

    if (this.has('watch')) this.addWatchPaths(scope, scopeParams);
    for (const sub of r.subresources) this.addSubresource(item, sub, scopeParams);
    return this.paths;
  }

  private addWatchPaths(scope: string, scopeParams: readonly OpenApiParameter[]): void {
    const { r, ctx } = this;
    const gv = ctx.operationGroupVersion;
    const ns = r.namespaced ? 'Namespaced' : '';
    const watchResponse = {
      '200': { description: 'OK', content: content(this.streamTypes, `${meta}.WatchEvent`) },
      '401': unauthorized,
    };
    const common = [...parameters(listParameters), queryParameters.pretty];
    const watch = (
      action: 'watch' | 'watchlist',
      operationId: string,
      description: string,
    ): OpenApiOperation =>
      this.operation(action, operationId, description + watchDeprecation, this.gvk, {
        responses: watchResponse,
      });
    const collection = `${ctx.prefix}/watch${scope}/${r.resource}`;
    this.add(collection, {
      parameters: byName([...common, ...scopeParams]),
      get: watch(
        'watchlist',
        `watch${gv}${ns}${r.kind}List`,
        `watch individual changes to a list of ${r.kind}.`,
      ),
    });
    this.add(`${collection}/{name}`, {
      parameters: byName([...common, ...scopeParams, pathParameter('name', r.kind)]),
      get: watch('watch', `watch${gv}${ns}${r.kind}`, `watch changes to an object of kind ${r.kind}.`),
    });
    if (r.namespaced) {
      this.add(`${ctx.prefix}/watch/${r.resource}`, {
        parameters: byName(common),
        get: watch(
          'watchlist',
          `watch${gv}${r.kind}ListForAllNamespaces`,
          `watch individual changes to a list of ${r.kind}.`,
        ),
      });
    }
  }

  private addSubresource(item: string, sub: SubresourceType, scopeParams: readonly OpenApiParameter[]): void {
    const { r, ctx } = this;
    const schema = ctx.kindSchema(sub.kind);
    const operationId = (verb: string): string =>
      `${verb}${ctx.operationGroupVersion}${r.namespaced ? 'Namespaced' : ''}${r.kind}${subresourceSuffix(sub.name)}`;
    const can = (verb: Verb): boolean => sub.verbs.includes(verb);
    this.add(`${item}/${sub.name}`, {
      parameters: byName([pathParameter('name', sub.kind.kind), ...scopeParams, queryParameters.pretty]),
      ...(can('get') && {
        get: this.operation(
          'get',
          operationId('read'),
          `read ${sub.name} of the specified ${r.kind}`,
          sub.kind,
          {
            responses: this.ok(schema, ['200']),
          },
        ),
      }),
      ...(can('create') && {
        post: this.operation('post', operationId('create'), `create ${sub.name} of a ${r.kind}`, sub.kind, {
          parameters: parameters(writeParameters),
          requestBody: this.writeBody(schema),
          responses: this.ok(schema, ['200', '201', '202']),
        }),
      }),
      ...(can('update') && {
        put: this.operation(
          'put',
          operationId('replace'),
          `replace ${sub.name} of the specified ${r.kind}`,
          sub.kind,
          {
            parameters: parameters(writeParameters),
            requestBody: this.writeBody(schema),
            responses: this.ok(schema, ['200', '201']),
          },
        ),
      }),
      ...(can('patch') && {
        patch: this.operation(
          'patch',
          operationId('patch'),
          `partially update ${sub.name} of the specified ${r.kind}`,
          sub.kind,
          {
            parameters: parameters(patchParameters),
            requestBody: this.patchBody(),
            responses: this.ok(schema, ['200', '201']),
          },
        ),
      }),
    });
  }
}

/** Every path (with its operations) upstream serves for `resource` in its group-version. */
export function resourcePaths(
  resource: ResourceType,
  ctx: GroupVersionContext,
): Record<string, OpenApiPathItem> {
  return new ResourcePathBuilder(resource, ctx).build();
}
