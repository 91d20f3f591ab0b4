export * from './eventually.js';
export * from './factories.js';
export * from './log-capture.js';
export * from './test-database.js';
export * from './test-nats.js';
