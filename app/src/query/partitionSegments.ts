import { odata } from "@azure/data-tables";
import { addDays, daysBetween } from "./calendarDay";
import type { QueryRange } from "./queryRange";

/**
 * A contiguous slice of the PartitionKey space. Together the segments of a range cover exactly the keys the original service's
 * single filter `PartitionKey ge start and PartitionKey le end` matches, so the counts agree even for keys that are
 * not well-formed days.
 */
export type PartitionSegment =
  /** Keys from `from` up to, not including, `before` (the first day of the next segment). */
  | { readonly from: string; readonly before: string }
  /** The last segment: keys from `from` up to and including `through` (the range's end). */
  | { readonly from: string; readonly through: string };

/** Upper bound on queries per range: a range of centuries still costs at most this many (mostly empty) queries. */
export const maxSegmentsPerRange = 256;

/** Splits the range into at most `maxSegments` slices of whole days, one day per slice while the range is short. */
export function partitionSegments(range: QueryRange, maxSegments = maxSegmentsPerRange): PartitionSegment[] {
  const dayCount = daysBetween(range.start, range.end) + 1;
  const segmentCount = Math.min(dayCount, maxSegments);
  const segments: PartitionSegment[] = [];
  for (let index = 0; index < segmentCount; index++) {
    const firstDay = Math.floor((index * dayCount) / segmentCount);
    const from = addDays(range.start, firstDay);
    if (index === segmentCount - 1) {
      segments.push({ from, through: range.end });
    } else {
      segments.push({ from, before: addDays(range.start, Math.floor(((index + 1) * dayCount) / segmentCount)) });
    }
  }
  return segments;
}

/** The OData filter for one segment: the original service's certificate condition, restricted to the segment's keys. */
export function segmentFilter(segment: PartitionSegment): string {
  if ("before" in segment) {
    return odata`PartitionKey ge ${segment.from} and PartitionKey lt ${segment.before} and CertNumber ne ${""}`;
  }
  if (segment.from === segment.through) {
    return odata`PartitionKey eq ${segment.from} and CertNumber ne ${""}`;
  }
  return odata`PartitionKey ge ${segment.from} and PartitionKey le ${segment.through} and CertNumber ne ${""}`;
}

/** The original service's single range filter, kept for the benchmark and as the reference the segments must agree with. */
export function singleRangeFilter(range: QueryRange): string {
  return odata`PartitionKey ge ${range.start} and PartitionKey le ${range.end} and CertNumber ne ${""}`;
}
