// The Kubernetes Status error family: one import for callers that need several pieces.
export * from './status.js';
export * from './status-error.js';
export * from './status-error-factories.js';
export * from './error-to-status.js';
export * from '../../api/validation/field-path.js';
export * from '../../api/validation/field-error.js';
export * from '../../api/validation/go-quote.js';
