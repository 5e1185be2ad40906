// Small, explicit checks for the pattern inputs: an HTTP body is untrusted, an orchestration input is re-checked.

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export const parsed = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const rejected = <T>(error: string): Parsed<T> => ({ ok: false, error });

/** An absent body counts as `{}`, so every field takes its default. */
export function fieldsOf(body: unknown): Record<string, unknown> | undefined {
  if (body === undefined || body === null) return {};
  return typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
}

export function integerField(fields: Record<string, unknown>, name: string, min: number, max: number, fallback: number): Parsed<number> {
  const value = fields[name] ?? fallback;
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max
    ? parsed(value)
    : rejected(`'${name}' must be a whole number from ${min} to ${max}.`);
}

export function textField(fields: Record<string, unknown>, name: string, maxLength: number): Parsed<string> {
  const value = fields[name];
  return typeof value === "string" && value.trim() !== "" && value.length <= maxLength
    ? parsed(value)
    : rejected(`'${name}' must be a non-empty string of at most ${maxLength} characters.`);
}

/** The orchestrators re-check their input with the same parser and fail fast (no retry) when it is wrong. */
export function inputOrThrow<T>(result: Parsed<T>): T {
  if (!result.ok) throw new Error(`Invalid orchestration input: ${result.error}`);
  return result.value;
}
