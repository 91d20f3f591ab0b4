export * from './envelope.js';
export * from './problems.js';
export * from './pagination.js';
export * from './resource.js';
export * as Ping from './ping.contract.js';
export * from './id-request.js';
export * from './transforms.js';
export * from './ping-subject.js';
export * from './optional-not-null.js';
