export * from './identity.problems.js';
