import type { TableClient } from "@azure/data-tables";
import { forEachWithConcurrency } from "../util/forEachWithConcurrency";
import { DistinctValues, type TypedValue } from "./distinctValues";
import { maxSegmentsPerRange, partitionSegments, segmentFilter } from "./partitionSegments";
import type { QueryRange } from "./queryRange";

/** The only column the count needs: the service sends nothing else back. */
export const identificationColumn = "identificationNumber";
/** The Table service's largest page: fewest round trips per segment. */
export const maxTablePageSize = 1000;

export type EntityLister = Pick<TableClient, "listEntities">;

export interface CountOptions {
  readonly concurrency: number;
  readonly maxSegments?: number;
  /** Fails the count cleanly (TooManyDistinctValuesError) instead of growing without bound. */
  readonly maxDistinctValues?: number;
  /** Called after every page: throws when the process is short of memory. */
  readonly checkMemory?: () => void;
}

/** Adds the identification numbers of every entity one filter matches to `seen`, page by page. */
export async function collectIdentifications(
  table: EntityLister,
  filter: string,
  seen: DistinctValues,
  abortSignal?: AbortSignal,
  checkMemory: () => void = () => undefined,
): Promise<void> {
  // Wire values with their EDM types: the converted ones are new objects per entity for Guid, DateTime and Binary.
  const pages = table
    .listEntities<Record<string, unknown>>({
      queryOptions: { filter, select: [identificationColumn] },
      disableTypeConversion: true,
      abortSignal,
    })
    .byPage({ maxPageSize: maxTablePageSize });
  for await (const page of pages) {
    for (const entity of page) {
      const identification = entity[identificationColumn] as TypedValue | null | undefined;
      // An entity without the column has no identification number to count.
      if (identification !== undefined && identification !== null) seen.add(identification);
    }
    checkMemory();
  }
}

/**
 * Counts distinct `identificationNumber` values (by EDM type and value) over entities whose PartitionKey lies in the
 * range and whose CertNumber is not empty (the original service's query), running one query per partition segment,
 * `concurrency` at a time. Memory grows with the number of distinct identification numbers, not with the number of entities.
 */
export async function countDistinctIdentifications(table: EntityLister, range: QueryRange, options: CountOptions): Promise<number> {
  const seen = new DistinctValues(options.maxDistinctValues);
  const segments = partitionSegments(range, options.maxSegments ?? maxSegmentsPerRange);
  await forEachWithConcurrency(segments, options.concurrency, (segment, signal) =>
    collectIdentifications(table, segmentFilter(segment), seen, signal, options.checkMemory),
  );
  return seen.size;
}
