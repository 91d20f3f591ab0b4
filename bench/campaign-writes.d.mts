// Types of campaign-writes.mjs for the TypeScript that imports it (test/bench/call-statements.spec.ts).
export const READABLE_SQL: string;
export const STATEMENTS: Record<'readable' | 'claimKey' | 'storedAnswer' | 'lockTarget' | 'insertCall' | 'insertOffers' | 'moveTarget' | 'outbox' | 'rollups' | 'storeAnswer', string>;
