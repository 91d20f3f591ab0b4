// Types of environment.mjs for the TypeScript that imports it (test/deploy checks the Dockerfile against it).
export const ROOT: string;
export const STATE_DIR: string;
export const APP_NODE_OPTIONS: string;
