// Several Azurite processes standing in for Azure's partition servers: each holds a contiguous run of day partitions,
// so a query costs what its partitions hold, as in Azure, not what the whole table holds.
// Azurite answers every query page by filtering and sorting every entity of the table (Azure/Azurite
// src/table/persistence/LokiTableMetadataStore.ts queryTableEntities: chain().where(filter).sort()).
import { TableClient, type TableServiceClientOptions } from "@azure/data-tables";
import type { AuditEntity } from "../../app/scripts/auditSeedData";
import { loadAuditTable } from "../../app/scripts/loadAuditTable";
import { collectIdentifications, type EntityLister } from "../../app/src/query/countDistinctIdentifications";
import type { DistinctValues } from "../../app/src/query/distinctValues";
import { startAzuriteTable, type AzuriteTable } from "../../test/support/azurite";

export interface ShardedTable {
  /** Partition keys from `firstKey` on live in that shard (ascending). */
  readonly shards: ReadonlyArray<{ readonly firstKey: string; readonly azurite: AzuriteTable }>;
  /** One client per shard with the given options, and a lister that sends each query to the shard owning its keys. */
  clients(options: TableServiceClientOptions): { perShard: TableClient[]; routed: EntityLister };
  /** The original API's single range query, continued shard after shard in key order, as the service continues it. */
  singleQuery(clients: TableClient[], filter: string, seen: DistinctValues): Promise<void>;
  stop(): Promise<void>;
}

const keyComparisons = /PartitionKey (ge|eq|lt|le) '([^']*)'/g;

function shardIndex(firstKeys: readonly string[], key: string): number {
  let index = 0;
  while (index + 1 < firstKeys.length && key >= firstKeys[index + 1]!) index++;
  return index;
}

/** Starts `count` Azurite processes and spreads the rows' partitions over them in contiguous, equal runs. */
export async function startShardedAzurite(count: number, rows: readonly AuditEntity[], tableName: string): Promise<ShardedTable> {
  const partitions = [...new Set(rows.map((row) => row.partitionKey))].sort();
  const firstKeys = Array.from({ length: count }, (_, index) =>
    index === 0 ? "" : partitions[Math.floor((index * partitions.length) / count)]!,
  );
  // One after the other: on a busy 2-core machine eight simultaneous starts outlast the start-up timeout.
  const azurites: AzuriteTable[] = [];
  try {
    for (let index = 0; index < count; index++) azurites.push(await startAzuriteTable());
  } catch (error) {
    await Promise.all(azurites.map((azurite) => azurite.stop()));
    throw error;
  }
  const shards = azurites.map((azurite, index) => ({ firstKey: firstKeys[index]!, azurite }));
  await Promise.all(
    shards.map(({ azurite }, index) => {
      const mine = rows.filter((row) => shardIndex(firstKeys, row.partitionKey) === index);
      return loadAuditTable(TableClient.fromConnectionString(azurite.connectionString, tableName, { allowInsecureConnection: true }), mine);
    }),
  );
  return {
    shards,
    clients(options) {
      const perShard = shards.map(({ azurite }) => TableClient.fromConnectionString(azurite.connectionString, tableName, options));
      const routed: EntityLister = {
        listEntities: (listOptions) => {
          const filter = listOptions?.queryOptions?.filter ?? "";
          let first = 0;
          let last = shards.length - 1;
          for (const [, operator, key] of filter.matchAll(keyComparisons)) {
            const owner = shardIndex(firstKeys, key!);
            if (operator === "ge" || operator === "eq") first = owner;
            // Keys below a shard's first key belong to the shard before it.
            if (operator === "le" || operator === "eq") last = owner;
            if (operator === "lt") last = firstKeys[owner] === key ? owner - 1 : owner;
          }
          // A fan-out segment is whole days, and shards own whole days: a segment never spans two shards here.
          if (first !== last) throw new Error(`The filter spans shards ${first}..${last}: ${filter}`);
          return perShard[first]!.listEntities(listOptions);
        },
      };
      return { perShard, routed };
    },
    async singleQuery(clients, filter, seen) {
      for (const client of clients) await collectIdentifications(client, filter, seen);
    },
    stop: async () => {
      await Promise.all(azurites.map((azurite) => azurite.stop()));
    },
  };
}
