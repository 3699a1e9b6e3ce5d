/** @module Waiting for something that happens in another process or on a timer. */

/**
 * Resolves with the first truthy value `probe` gives, trying every `everyMs`; rejects after
 * `timeoutMs` naming `what`.
 *
 * @example await waitFor('the message', () => seen.length > 0);
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  options: { timeoutMs?: number; everyMs?: number } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + (options.timeoutMs ?? 2_000);
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 5));
  }
}
