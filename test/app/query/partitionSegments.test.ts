import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, daysBetween, isIsoDay, parseCalendarDay } from "../../../app/src/query/calendarDay";
import { maxSegmentsPerRange, partitionSegments, segmentFilter, type PartitionSegment } from "../../../app/src/query/partitionSegments";
import { appSettingDefaults, appSettingNames } from "../../../app/src/contract/settingNames";

const day = fc
  .date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));
const shortRange = fc
  .tuple(day, fc.integer({ min: 0, max: 400 }))
  .filter(([start, span]) => isIsoDay(addDays(start, span)))
  .map(([start, span]) => ({ start, end: addDays(start, span) }));

function inSegment(key: string, segment: PartitionSegment): boolean {
  return "before" in segment ? key >= segment.from && key < segment.before : key >= segment.from && key <= segment.through;
}

describe("calendar days", () => {
  it.each([
    ["10/08/2021", "2021-08-10"],
    ["1/2/2020", "2020-02-01"],
    ["2021-08-10", "2021-08-10"],
    [" 29/02/2024 ", "2024-02-29"],
    ["01/01/0050", "0050-01-01"],
    ["31/12/9999", "9999-12-31"],
  ])("%j parses to %s", (text, iso) => {
    expect(parseCalendarDay(text)).toBe(iso);
  });

  it.each([
    "29/02/2023",
    "31/04/2021",
    "00/01/2021",
    "10/00/2021",
    "2021-02-30",
    "2021-8-10",
    "10-08-2021",
    "10/08/21",
    "0000-01-01",
    "2021-08-10T00:00",
  ])("%j is rejected", (text) => {
    expect(parseCalendarDay(text)).toBeUndefined();
  });

  it("day arithmetic round-trips over the whole calendar", () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -1000, max: 1000 }), (start, offset) => {
        const moved = addDays(start, offset);
        fc.pre(moved >= "0001-01-01" && moved <= "9999-12-31" && isIsoDay(moved));
        expect(daysBetween(start, moved)).toBe(offset);
        expect(moved > start).toBe(offset > 0);
      }),
    );
  });
});

describe("partition segments", () => {
  it("one segment per day while the range is short, contiguous from start to end", () => {
    expect(partitionSegments({ start: "2021-01-30", end: "2021-02-02" })).toEqual([
      { from: "2021-01-30", before: "2021-01-31" },
      { from: "2021-01-31", before: "2021-02-01" },
      { from: "2021-02-01", before: "2021-02-02" },
      { from: "2021-02-02", through: "2021-02-02" },
    ]);
  });

  it("a single day is one equality query with the certificate condition", () => {
    const [segment] = partitionSegments({ start: "2021-01-30", end: "2021-01-30" });
    expect(segmentFilter(segment!)).toBe("PartitionKey eq '2021-01-30' and CertNumber ne ''");
  });

  it("a range of centuries still costs at most the bounded number of queries", () => {
    const segments = partitionSegments({ start: "0001-01-01", end: "9999-12-31" });
    expect(segments).toHaveLength(maxSegmentsPerRange);
    expect(segments[0]?.from).toBe("0001-01-01");
    expect(segments.at(-1)).toMatchObject({ through: "9999-12-31" });
  });

  it("every key the original range filter matches falls in exactly one segment, and no other key does", () => {
    const nearDayKey = fc.oneof(
      day,
      day.map((d) => `${d}x`),
      day.map((d) => d.slice(0, 9)),
      day.map((d) => d.slice(0, 8)),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(shortRange, fc.integer({ min: 1, max: 300 }), fc.array(nearDayKey, { maxLength: 30 }), (range, maxSegments, keys) => {
        const segments = partitionSegments(range, maxSegments);
        expect(segments.length).toBe(Math.min(daysBetween(range.start, range.end) + 1, maxSegments));
        // Keys at every segment boundary, plus random ones near days.
        for (const key of [...keys, range.start, range.end, ...segments.map((segment) => segment.from)]) {
          const inSeedRange = key >= range.start && key <= range.end;
          const matches = segments.filter((segment) => inSegment(key, segment)).length;
          expect(matches).toBe(inSeedRange ? 1 : 0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("filters escape quotes and keep the original's certificate condition", () => {
    for (const segment of partitionSegments({ start: "2021-01-01", end: "2021-01-03" })) {
      expect(segmentFilter(segment)).toMatch(/^PartitionKey (ge|eq) '2021-01-0\d'.* and CertNumber ne ''$/);
    }
  });
});

describe("default concurrency against the segments of a month", () => {
  it("every day of a 31-day month is queried in the first round: the fan-out costs one round trip per page, not four", () => {
    const monthSegments = partitionSegments({ start: "2024-01-01", end: "2024-01-31" }).length;
    expect(monthSegments).toBe(31);
    expect(Number(appSettingDefaults[appSettingNames.queryConcurrency])).toBeGreaterThanOrEqual(monthSegments);
  });
});
