// Resource properties reach policies as untyped JSON: these readers narrow them without casts at every call site.

export type Props = Record<string, unknown>;

export function asRecord(value: unknown): Props | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Props) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Follows a path of keys through nested objects; undefined as soon as a step is missing. */
export function pathOf(value: unknown, ...keys: string[]): unknown {
  let current: unknown = value;
  for (const key of keys) {
    const record = asRecord(current);
    if (record === undefined) return undefined;
    current = record[key];
  }
  return current;
}

export function stringMap(value: unknown): Map<string, string> {
  const entries = Object.entries(asRecord(value) ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === "string");
  return new Map(entries);
}
