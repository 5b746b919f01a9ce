/**
 * Waits until `check` holds: it neither throws nor returns false (e.g. a revocation or a cache
 * entry crossing Redis asynchronously). Throws the last failure when `ms` have passed.
 */
export async function eventually(check: () => unknown, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if ((await check()) !== false) return;
      if (Date.now() > deadline) throw new Error('condition not met in time');
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
