import type { TableClient, TransactionAction } from "@azure/data-tables";
import { forEachWithConcurrency } from "../src/util/forEachWithConcurrency";
import type { AuditEntity } from "./auditSeedData";

/** The Table service accepts at most 100 operations per transaction, all in one partition. */
const maxTransactionSize = 100;

/** Upserts the rows in per-partition transactions, `parallel` transactions at a time. */
export async function loadAuditTable(table: TableClient, entities: readonly AuditEntity[], parallel = 8): Promise<void> {
  await table.createTable();
  const byPartition = new Map<string, AuditEntity[]>();
  for (const entity of entities) {
    const rows = byPartition.get(entity.partitionKey) ?? [];
    rows.push(entity);
    byPartition.set(entity.partitionKey, rows);
  }
  const batches: TransactionAction[][] = [];
  for (const rows of byPartition.values()) {
    for (let offset = 0; offset < rows.length; offset += maxTransactionSize) {
      batches.push(rows.slice(offset, offset + maxTransactionSize).map((row): TransactionAction => ["upsert", { ...row }]));
    }
  }
  await forEachWithConcurrency(batches, parallel, async (batch) => {
    await table.submitTransaction(batch);
  });
}
