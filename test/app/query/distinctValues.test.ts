import { describe, expect, it } from "vitest";
import { DistinctValues, TooManyDistinctValuesError } from "../../../app/src/query/distinctValues";

function count(...values: Array<{ value: unknown; type: string }>): number {
  const distinct = new DistinctValues();
  for (const value of values) distinct.add(value);
  return distinct.size;
}

describe("DistinctValues: one value per EDM type and value", () => {
  it("a Guid in upper and lower case is one value", () => {
    expect(
      count(
        { value: "6F9619FF-8B86-D011-B42D-00CF4FC964FF", type: "Guid" },
        { value: "6f9619ff-8b86-d011-b42d-00cf4fc964ff", type: "Guid" },
      ),
    ).toBe(1);
  });

  it("DateTime: the same instant written with and without a fraction is one value; 100 ns apart is two", () => {
    expect(count({ value: "2024-03-01T10:00:00Z", type: "DateTime" }, { value: "2024-03-01T10:00:00.0000000Z", type: "DateTime" })).toBe(1);
    expect(
      count({ value: "2024-03-01T10:00:00.1234567Z", type: "DateTime" }, { value: "2024-03-01T10:00:00.1234568Z", type: "DateTime" }),
    ).toBe(2);
  });

  it("Binary: the same bytes are one value", () => {
    expect(count({ value: "AQIDBA==", type: "Binary" }, { value: "AQIDBA==", type: "Binary" }, { value: "AQIDBQ==", type: "Binary" })).toBe(
      2,
    );
  });

  it("Int32 and Double are JSON numbers: equal numbers are one value; Int64 and String stay apart", () => {
    expect(count({ value: "5", type: "Int32" }, { value: "5", type: "Double" })).toBe(1);
    expect(
      count(
        { value: "5", type: "Int32" },
        { value: "5", type: "Int64" },
        { value: "5", type: "String" },
        { value: "true", type: "Boolean" },
      ),
    ).toBe(4);
  });

  it("a string that looks like another type's key does not collide with it", () => {
    expect(
      count(
        { value: "6f9619ff-8b86-d011-b42d-00cf4fc964ff", type: "String" },
        { value: "6f9619ff-8b86-d011-b42d-00cf4fc964ff", type: "Guid" },
      ),
    ).toBe(2);
  });

  it("an unknown type is an error, not a silent miscount", () => {
    expect(() => count({ value: "x", type: "Edm.Unknown" })).toThrow(/Unknown EDM type/);
  });

  it("beyond maxValues distinct values the count fails cleanly; repeats never do", () => {
    const distinct = new DistinctValues(2);
    distinct.add({ value: "a", type: "String" });
    distinct.add({ value: "b", type: "String" });
    distinct.add({ value: "a", type: "String" });
    expect(() => distinct.add({ value: "c", type: "String" })).toThrow(TooManyDistinctValuesError);
    expect(distinct.size).toBe(2);
  });
});
