import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  customResourceDefinitionName,
  operationGroupVersion,
  operationTag,
  openApiV3Path,
  parseOpenApiV3Path,
} from './naming.js';

describe('openapi naming', () => {
  it('builds upstream operation-id infixes and tags', () => {
    assert.equal(operationGroupVersion('', 'v1'), 'CoreV1');
    assert.equal(operationGroupVersion('apps', 'v1'), 'AppsV1');
    assert.equal(operationGroupVersion('rbac.authorization.k8s.io', 'v1'), 'RbacAuthorizationV1');
    assert.equal(operationGroupVersion('autoscaling', 'v2'), 'AutoscalingV2');
    assert.equal(
      operationGroupVersion('flowcontrol.apiserver.k8s.io', 'v1beta3'),
      'FlowcontrolApiserverV1beta3',
    );
    assert.equal(operationGroupVersion('stable.example.com', 'v1'), 'StableExampleComV1');
    assert.equal(operationTag('', 'v1'), 'core_v1');
    assert.equal(operationTag('rbac.authorization.k8s.io', 'v1'), 'rbacAuthorization_v1');
  });

  it('maps group-versions to and from /openapi/v3 paths', () => {
    assert.equal(openApiV3Path('', 'v1'), 'api/v1');
    assert.equal(openApiV3Path('apps', 'v1'), 'apis/apps/v1');
    assert.deepEqual(parseOpenApiV3Path('api/v1'), { group: '', version: 'v1' });
    assert.deepEqual(parseOpenApiV3Path('/apis/apps/v1'), { group: 'apps', version: 'v1' });
    assert.equal(parseOpenApiV3Path('apis/apps'), undefined);
    assert.equal(parseOpenApiV3Path('version'), undefined);
  });

  it('names custom resource definitions by reversed group', () => {
    assert.equal(
      customResourceDefinitionName('stable.example.com', 'v1', 'CronTab'),
      'com.example.stable.v1.CronTab',
    );
  });
});
