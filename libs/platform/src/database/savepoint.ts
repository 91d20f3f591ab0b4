import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/**
 * Runs `statement` inside a savepoint of the open transaction `tx`: when it fails (a unique
 * violation, say), the transaction is rolled back to before it and stays usable, so the caller can
 * read what it needs on the same connection instead of borrowing a second one from the pool.
 */
export async function withSavepoint<T>(tx: EntityManager, statement: () => Promise<T>): Promise<T> {
  const name = `sp_${randomBytes(6).toString('hex')}`;
  await tx.query(`SAVEPOINT ${name}`);
  try {
    const result = await statement();
    await tx.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await tx.query(`ROLLBACK TO SAVEPOINT ${name}`);
    throw error;
  }
}
