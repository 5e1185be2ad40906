// Distinct identification numbers of every EDM type, counted against a real Azurite Table service.
import { TableClient, type TableEntity } from "@azure/data-tables";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countDistinctIdentifications } from "../../../app/src/query/countDistinctIdentifications";
import { startAzuriteTable, type AzuriteTable } from "../../support/azurite";

type Typed = { value: string; type: "Guid" | "DateTime" | "Binary" | "Int64" | "Int32" | "Double" | "Boolean" | "String" };

/** For each EDM type: one value written three times (in two partitions), and a second value once. */
const valuesByType: Record<string, [Typed | string | number | boolean, Typed | string | number | boolean]> = {
  Guid: [
    { value: "6f9619ff-8b86-d011-b42d-00cf4fc964ff", type: "Guid" },
    { value: "7f9619ff-8b86-d011-b42d-00cf4fc964ff", type: "Guid" },
  ],
  DateTime: [
    { value: "2024-03-01T10:00:00.1234567Z", type: "DateTime" },
    { value: "2024-03-01T10:00:00.1234568Z", type: "DateTime" },
  ],
  Binary: [
    { value: "AQIDBA==", type: "Binary" },
    { value: "AQIDBQ==", type: "Binary" },
  ],
  Int64: [
    { value: "9007199254740993", type: "Int64" },
    { value: "9007199254740994", type: "Int64" },
  ],
  Int32: [41, 42],
  Double: [1.5, 2.5],
  Boolean: [true, false],
  String: ["ID-0001", "ID-0002"],
};

let azurite: AzuriteTable;
let table: TableClient;

function entity(partitionKey: string, rowKey: string, identificationNumber: unknown): TableEntity {
  return { partitionKey, rowKey, CertNumber: "C-1", identificationNumber } as TableEntity;
}

beforeAll(async () => {
  azurite = await startAzuriteTable();
  table = TableClient.fromConnectionString(azurite.connectionString, "typed", { allowInsecureConnection: true });
  await table.createTable();
  for (const [type, [repeated, other]] of Object.entries(valuesByType)) {
    await table.createEntity(entity("2024-03-01", `${type}-a`, repeated));
    await table.createEntity(entity("2024-03-01", `${type}-b`, repeated));
    await table.createEntity(entity("2024-03-02", `${type}-c`, repeated));
    await table.createEntity(entity("2024-03-02", `${type}-d`, other));
  }
});

afterAll(async () => {
  await azurite?.stop();
});

describe("distinct identification numbers by EDM type and value (Azurite)", () => {
  it.each(Object.keys(valuesByType))("%s: three entities with one value and one with another count 2", async (type) => {
    const byType = TableClient.fromConnectionString(azurite.connectionString, "typed", { allowInsecureConnection: true });
    const onlyType = {
      listEntities: ((options: Parameters<TableClient["listEntities"]>[0]) =>
        byType.listEntities({
          ...options,
          queryOptions: {
            ...options?.queryOptions,
            filter: `${options?.queryOptions?.filter} and RowKey ge '${type}-' and RowKey lt '${type}-~'`,
          },
        })) as TableClient["listEntities"],
    };
    expect(await countDistinctIdentifications(onlyType, { start: "2024-03-01", end: "2024-03-02" }, { concurrency: 2 })).toBe(2);
  });

  it("values of different types never merge: the whole table counts two per type", async () => {
    expect(await countDistinctIdentifications(table, { start: "2024-03-01", end: "2024-03-02" }, { concurrency: 2 })).toBe(
      2 * Object.keys(valuesByType).length,
    );
  });

  it("the string '42' and the number 42 are two values", async () => {
    await table.createEntity(entity("2024-03-03", "text-42", "42"));
    await table.createEntity(entity("2024-03-03", "int-42", 42));
    expect(await countDistinctIdentifications(table, { start: "2024-03-03", end: "2024-03-03" }, { concurrency: 1 })).toBe(2);
  });
});
