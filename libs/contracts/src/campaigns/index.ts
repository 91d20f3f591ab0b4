export * from './campaign-enums.js';
export * from './campaign-events.js';
