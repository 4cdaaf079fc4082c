// Informers: reflector (list + watch state machine), indexer, shared informers and their factory, listers.
export * from './deep-freeze.js';
export * from './event-handler.js';
export * from './indexer.js';
export * from './lister.js';
export * from './lister-watcher.js';
export * from './object-key.js';
export * from './processor-listener.js';
export * from './reflector.js';
export * from './reflector-state.js';
export * from './shared-informer.js';
export * from './shared-informer-factory.js';
export * from './strip-managed-fields.js';
