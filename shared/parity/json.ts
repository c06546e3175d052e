/** The parsed value of JSON text, or undefined when it is not JSON (a wrapper, since `null` is JSON). */
export function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}
