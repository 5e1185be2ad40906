import { describe, expect, it } from "vitest";
import { forEachWithConcurrency } from "../../../app/src/util/forEachWithConcurrency";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("forEachWithConcurrency", () => {
  it("runs every item, never more than the limit at once", async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await forEachWithConcurrency([...Array(40).keys()], 6, async (item) => {
      running++;
      peak = Math.max(peak, running);
      await tick();
      done.push(item);
      running--;
    });
    expect(done.sort((a, b) => a - b)).toEqual([...Array(40).keys()]);
    expect(peak).toBe(6);
  });

  it("the first failure aborts the calls in flight, starts no new ones, and is what it rejects with", async () => {
    const started: number[] = [];
    const aborted: number[] = [];
    const run = forEachWithConcurrency([...Array(20).keys()], 3, async (item, signal) => {
      started.push(item);
      signal.addEventListener("abort", () => aborted.push(item));
      await tick();
      if (item === 1) throw new Error("item 1 failed");
      await tick();
    });
    await expect(run).rejects.toThrow("item 1 failed");
    expect(started.length).toBeLessThan(20);
    expect(aborted).toEqual(expect.arrayContaining([0, 2]));
  });

  it("every call gets a signal of its own, so listeners added per call never pile up on one signal", async () => {
    const signals = new Set<AbortSignal>();
    await forEachWithConcurrency([...Array(40).keys()], 32, async (_item, signal) => {
      signals.add(signal);
      await tick();
    });
    expect(signals.size).toBe(40);
  });

  it("rejects a non-positive limit", async () => {
    await expect(forEachWithConcurrency([1], 0, async () => undefined)).rejects.toThrow(RangeError);
  });
});
