/** A property as the Table SDK hands it over with `disableTypeConversion`: the wire value and its EDM type. */
export interface TypedValue {
  readonly value: unknown;
  readonly type: string;
}

/** More distinct values than the count may hold: permanent for this range, so it is reported, not retried. */
export class TooManyDistinctValuesError extends Error {
  override readonly name = "TooManyDistinctValuesError";
}

type Key = string | number;

const dateTimePattern = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,7}))?Z$/;

/** Same instant, same key: whole milliseconds plus the 100 ns ticks a JavaScript Date would drop. */
function dateTimeKey(text: string): string {
  const parts = dateTimePattern.exec(text);
  if (parts === null) return text;
  return `${Date.parse(`${parts[1]}Z`)}.${(parts[2] ?? "").padEnd(7, "0")}`;
}

/**
 * Which set a value goes into and under which primitive key. With type conversion the SDK makes a new Date, Uint8Array
 * or {value, type} per entity for Edm.DateTime, Edm.Binary and Edm.Guid (@azure/data-tables 13.3.2
 * dist/commonjs/serialization.js getTypedObject), which a Set compares by identity; keys made from the wire value compare by value.
 */
function normalise(property: TypedValue): [kind: string, key: Key] {
  const text = String(property.value);
  switch (property.type) {
    case "String":
      return ["String", text];
    // "The service doesn't return type metadata for number, strings or booleans" (@azure/data-tables 13.3.2
    // dist/commonjs/serialization.js deserialize), so Int32 and Double cannot be told apart: equal numbers are one value.
    case "Int32":
    case "Double":
      return ["Number", Number(text)];
    case "Int64":
      return ["Int64", BigInt(text).toString()];
    case "Boolean":
      return ["Boolean", text];
    case "Guid":
      return ["Guid", text.toLowerCase()];
    case "DateTime":
      return ["DateTime", dateTimeKey(text)];
    case "Binary":
      return ["Binary", Buffer.from(text, "base64").toString("base64")];
    default:
      throw new Error(`Unknown EDM type '${property.type}'.`);
  }
}

/** Distinct values by EDM type and value, up to `maxValues` of them. Strings, the usual case, are kept as they are. */
export class DistinctValues {
  private readonly byKind = new Map<string, Set<Key>>();
  private total = 0;

  constructor(private readonly maxValues = Number.POSITIVE_INFINITY) {}

  add(property: TypedValue): void {
    const [kind, key] = normalise(property);
    let keys = this.byKind.get(kind);
    if (keys === undefined) this.byKind.set(kind, (keys = new Set()));
    if (keys.has(key)) return;
    if (this.total >= this.maxValues) {
      throw new TooManyDistinctValuesError(`The range holds more than ${this.maxValues} distinct identification numbers.`);
    }
    keys.add(key);
    this.total++;
  }

  has(property: TypedValue): boolean {
    const [kind, key] = normalise(property);
    return this.byKind.get(kind)?.has(key) ?? false;
  }

  get size(): number {
    return this.total;
  }
}
