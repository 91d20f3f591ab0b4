export * from './common/index.js';
export * from './companies/index.js';
export * from './contacts/index.js';
export * from './privacy/index.js';
export * from './services.js';
export * from './campaigns/index.js';
export * from './conventions/index.js';
export * from './identity/index.js';
