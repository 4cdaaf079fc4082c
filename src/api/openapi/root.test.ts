import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinResources } from '../scheme/builtin-resources.js';
import type { ResourceType } from '../scheme/resource-type.js';
import { openApiV3Root } from './root.js';

function hashOf(url: string | undefined): string {
  const match = /\?hash=([0-9A-F]{128})$/.exec(url ?? '');
  assert.ok(match, `hashed URL: ${url}`);
  return match[1] as string;
}

describe('openApiV3Root', () => {
  it('lists every served group-version with a hashed document URL', () => {
    const root = openApiV3Root(builtinResources);
    const keys = Object.keys(root.paths);
    assert.ok(keys.includes('api/v1'));
    assert.ok(keys.includes('apis/apps/v1'));
    assert.ok(keys.includes('apis/autoscaling/v1'));
    assert.ok(keys.includes('apis/autoscaling/v2'));
    assert.equal(keys.length, new Set(builtinResources.map((r) => `${r.group}/${r.version}`)).size);
    assert.deepEqual(keys, [...keys].sort());
    assert.match(
      root.paths['apis/apps/v1']?.serverRelativeURL ?? '',
      /^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/,
    );
    assert.match(root.paths['api/v1']?.serverRelativeURL ?? '', /^\/openapi\/v3\/api\/v1\?hash=/);
  });

  it('keeps hashes stable for the same content', () => {
    const a = openApiV3Root(builtinResources);
    const b = openApiV3Root(builtinResources.map((r) => ({ ...r })));
    assert.deepEqual(a, b);
  });

  it('changes only the hash of the group-version whose document changed', () => {
    const before = openApiV3Root(builtinResources);
    // Drop the scale subresource of deployments: the apps/v1 document loses a path.
    const changed: ResourceType[] = builtinResources.map((r) =>
      r.resource === 'deployments'
        ? { ...r, subresources: r.subresources.filter((s) => s.name !== 'scale') }
        : r,
    );
    const after = openApiV3Root(changed);
    assert.notEqual(
      hashOf(after.paths['apis/apps/v1']?.serverRelativeURL),
      hashOf(before.paths['apis/apps/v1']?.serverRelativeURL),
    );
    assert.equal(
      hashOf(after.paths['api/v1']?.serverRelativeURL),
      hashOf(before.paths['api/v1']?.serverRelativeURL),
    );
    const otherVersion = openApiV3Root(builtinResources, { serverVersion: 'v1.32.5' });
    assert.notEqual(
      hashOf(otherVersion.paths['api/v1']?.serverRelativeURL),
      hashOf(before.paths['api/v1']?.serverRelativeURL),
    );
  });
});
