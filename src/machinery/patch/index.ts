// JSON merge patch and JSON patch as the apiserver applies them, and their error mapping.
export * from './patch-error.js';
export * from './json-pointer.js';
export * from './merge-patch.js';
export * from './json-patch.js';
