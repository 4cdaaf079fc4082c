import type { GroupVersionResource } from '../../client/index.js';

/** core/v1 secrets, where bootstrap tokens live. */
export const secretsResource: GroupVersionResource = { group: '', version: 'v1', resource: 'secrets' };
