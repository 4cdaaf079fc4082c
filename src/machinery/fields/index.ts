// Field selectors: parsing, matching, and checking against a kind's supported fields.
export * from './field-selector.js';
export * from './restrict-field-selector.js';
