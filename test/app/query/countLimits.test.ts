// A count must not take the process down with it: bounded concurrency, distinct values and heap.
import { describe, expect, it } from "vitest";
import type { AuditTable } from "../../../app/src/query/auditTable";
import { runCountActivity } from "../../../app/src/query/countActivity";
import { countLimits, CountSlotsBusyError, heapGuard, MemoryPressureError } from "../../../app/src/query/queryLimits";
import { invocationContext } from "../../support/fakeDurableClient";

const range = { start: "2024-01-01", end: "2024-01-02" };

/** A table whose every segment query yields one page of the given strings, after `release` (when given) resolves. */
function tableOf(
  values: (segment: number) => string[],
  gate?: { started: () => void; finished: () => void; release: Promise<void> },
): () => Promise<AuditTable> {
  let segment = 0;
  const client = {
    listEntities: () => ({
      byPage: () =>
        (async function* () {
          const mine = segment++;
          gate?.started();
          await gate?.release;
          yield values(mine).map((value) => ({ identificationNumber: { value, type: "String" } }));
          gate?.finished();
        })(),
    }),
  };
  return async () => ({ client: client as never, concurrency: 2, source: "test", freshlyResolved: true, forget: () => undefined });
}

describe("count limits", () => {
  it("at most QueryMaxConcurrentCounts counts run at once in a process; the others are refused at once, retriably", async () => {
    const limits = countLimits({ QueryMaxConcurrentCounts: "2" });
    let running = 0;
    let peak = 0;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const gate = { started: () => (peak = Math.max(peak, ++running)), finished: () => running--, release: released };
    const counts = Array.from({ length: 5 }, (_, index) =>
      runCountActivity(
        { start: "2024-01-01", end: "2024-01-01" },
        invocationContext(),
        tableOf(() => [`ID-${index}`], gate),
        limits,
      ).then(
        (result) => result,
        (error: unknown) => error,
      ),
    );
    // The refused ones settle before any running count is released: none of them waits for a slot.
    const refused = await Promise.race([
      Promise.all(counts.slice(2)),
      new Promise((resolve) => setImmediate(() => resolve("still waiting"))),
    ]);
    expect(refused).toEqual([expect.any(CountSlotsBusyError), expect.any(CountSlotsBusyError), expect.any(CountSlotsBusyError)]);
    expect((refused as Error[])[0]!.message).toMatch(/All 2 count slots \('QueryMaxConcurrentCounts'\) of this worker are busy/);
    expect(running).toBe(2);
    release();
    expect(await Promise.all(counts.slice(0, 2))).toEqual([
      { ok: true, count: 1 },
      { ok: true, count: 1 },
    ]);
    expect(peak).toBe(2);
  });

  it("a slot freed by a finished count is free again for the next one", async () => {
    const limits = countLimits({ QueryMaxConcurrentCounts: "1" });
    const table = tableOf(() => ["A"]);
    expect(await runCountActivity(range, invocationContext(), table, limits)).toEqual({ ok: true, count: 1 });
    expect(await runCountActivity(range, invocationContext(), table, limits)).toEqual({ ok: true, count: 1 });
    await expect(
      runCountActivity(
        range,
        invocationContext(),
        tableOf(() => {
          throw new Error("boom");
        }),
        limits,
      ),
    ).rejects.toThrow("boom");
    expect(await runCountActivity(range, invocationContext(), table, limits)).toEqual({ ok: true, count: 1 });
  });

  it("more distinct values than QueryMaxDistinctValues: a permanent failure naming the setting, not an ever-growing set", async () => {
    const limits = countLimits({ QueryMaxDistinctValues: "3" });
    const result = await runCountActivity(
      range,
      invocationContext(),
      tableOf((segment) => [`A-${segment}`, `B-${segment}`]),
      limits,
    );
    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/more than 3 distinct identification numbers.*'QueryMaxDistinctValues'/),
    });
  });

  it("repeated values never count against the bound", async () => {
    const limits = countLimits({ QueryMaxDistinctValues: "2" });
    expect(
      await runCountActivity(
        range,
        invocationContext(),
        tableOf(() => ["A", "B", "A"]),
        limits,
      ),
    ).toEqual({ ok: true, count: 2 });
  });

  it("heap above QueryMaxHeapPercent of the limit: the count stops with an error that Durable retries", async () => {
    const limits = countLimits({ QueryMaxHeapPercent: "50" }, () => ({ used_heap_size: 600, heap_size_limit: 1000 }));
    await expect(
      runCountActivity(
        range,
        invocationContext(),
        tableOf(() => ["A"]),
        limits,
      ),
    ).rejects.toBeInstanceOf(MemoryPressureError);
  });

  it("heapGuard passes below the threshold and names the setting above it", () => {
    expect(() => heapGuard(80, () => ({ used_heap_size: 790, heap_size_limit: 1000 }))()).not.toThrow();
    expect(() => heapGuard(80, () => ({ used_heap_size: 810, heap_size_limit: 1000 }))()).toThrow(
      /81% of the heap limit.*'QueryMaxHeapPercent' is 80/,
    );
  });

  it.each([
    [{ QueryMaxConcurrentCounts: "0" }, /'QueryMaxConcurrentCounts' must be a whole number from 1/],
    [{ QueryMaxDistinctValues: "-5" }, /'QueryMaxDistinctValues' must be a whole number/],
    [{ QueryMaxHeapPercent: "100" }, /'QueryMaxHeapPercent' must be a whole number from 10 to 95/],
  ])("malformed %j is a configuration error naming the setting", (env, message) => {
    expect(() => countLimits(env)).toThrow(message);
  });
});
