// Types of build.mjs for the TypeScript that imports it (the test suite's global setup).
export const APPS: readonly string[];
export const WEB_DIST: string;
export function ensureBuilt(): void;
export function ensureWebBuilt(): void;
