/** @module Reading JSON `data` columns without trusting what is stored in them. */

/** Parses JSON text into a plain object; `null` for null, malformed JSON or a non-object. */
export function parseJsonObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  return value as Record<string, unknown>;
}
