/** @module A user id → record keys index, so per-user operations never scan every record. */

/** Keys grouped by user id; empty groups are dropped so the index does not grow with churn. */
export class UserIndex {
  readonly #keys = new Map<string, Set<string>>();

  add(userId: string, key: string): void {
    let keys = this.#keys.get(userId);
    if (keys === undefined) {
      keys = new Set();
      this.#keys.set(userId, keys);
    }
    keys.add(key);
  }

  remove(userId: string, key: string): void {
    const keys = this.#keys.get(userId);
    if (keys === undefined) return;
    keys.delete(key);
    if (keys.size === 0) this.#keys.delete(userId);
  }

  /** A snapshot of the user's keys, safe to iterate while removing. */
  keys(userId: string): string[] {
    return [...(this.#keys.get(userId) ?? [])];
  }
}
