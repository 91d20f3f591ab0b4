/**
 * Retries `assertion` until it passes or `timeoutMs` runs out, then throws its last error
 * (twenty's expectEventually): for effects that happen asynchronously, such as events.
 */
export async function expectEventually<T>(assertion: () => T | Promise<T>, timeoutMs = 10_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
