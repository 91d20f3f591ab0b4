export * from './common/index.js';
export * from './companies/index.js';
export * from './services.js';
