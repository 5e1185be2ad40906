import { describe, expect, it } from "vitest";
import { medianTiming, timingLines, timingOf, type TimingBaseline, type VitestJsonReport } from "../../../tools/bench/testTimingReport";

const root = "/repo";
const report = (durations: number[]): VitestJsonReport => ({
  numTotalTests: 40,
  numFailedTests: 0,
  success: true,
  testResults: durations.map((ms, index) => ({ name: `${root}/test/file${index}.test.ts`, startTime: 1_000, endTime: 1_000 + ms })),
});

describe("the suite timing (npm run test:timing)", () => {
  it("reads each file's duration from the JSON report, relative to the repository, slowest first", () => {
    const timing = timingOf(report([1_500, 4_250, 20]), 61_234, 100_500, root);
    expect(timing).toEqual({
      wallSeconds: 61.23,
      cpuSeconds: 100.5,
      tests: 40,
      files: { "test/file1.test.ts": 4.25, "test/file0.test.ts": 1.5, "test/file2.test.ts": 0.02 },
    });
    expect(Object.keys(timing.files)).toEqual(["test/file1.test.ts", "test/file0.test.ts", "test/file2.test.ts"]);
    expect(timingOf(report([1]), 1, undefined, root)).not.toHaveProperty("cpuSeconds");
  });

  it("takes the median of several runs figure by figure and file by file", () => {
    const runs = [timingOf(report([3_000, 1_000]), 90_000, 150_000, root), timingOf(report([1_000, 5_000]), 80_000, 140_000, root)];
    runs.push(timingOf(report([2_000, 2_000]), 100_000, 160_000, root));
    expect(medianTiming(runs)).toEqual({
      wallSeconds: 90,
      cpuSeconds: 150,
      tests: 40,
      files: { "test/file0.test.ts": 2, "test/file1.test.ts": 2 },
    });
    expect(() => medianTiming([])).toThrow(/no runs/);
  });

  it("prints wall time, CPU time, test count and only the ten slowest files, each against the baseline", () => {
    const timing = timingOf(
      report([12_000, 11_000, 10_000, 9_000, 8_000, 7_000, 6_000, 5_000, 4_000, 3_000, 2_000]),
      80_000,
      150_000,
      root,
    );
    const baseline: TimingBaseline = {
      recorded: "2026-01-01",
      machine: "2 cores",
      runs: 3,
      wallSeconds: 160,
      cpuSeconds: 300,
      tests: 38,
      files: { "test/file0.test.ts": 24 },
    };
    const lines = timingLines(timing, baseline, 3);
    expect(lines[0]).toBe("Wall time: 80.0 s (median of 3 runs) (baseline 160.0 s: -80.0 s, -50.0%)");
    expect(lines[1]).toBe("CPU time (user + system): 150.0 s (baseline 300.0 s: -150.0 s, -50.0%)");
    expect(lines[2]).toBe("Tests: 40 (baseline 38: +2, +5.3%)");
    const files = lines.filter((line) => line.includes("test/file"));
    expect(files).toHaveLength(10);
    expect(files[0]).toBe("    12.0 s  test/file0.test.ts (baseline 24.0 s: -12.0 s, -50.0%)");
    expect(files[1]).toBe("    11.0 s  test/file1.test.ts");
    expect(lines.join("\n")).not.toContain("test/file10.test.ts");
    expect(lines.at(-1)).toBe("Baseline: 2026-01-01, 2 cores, median of 3 run(s).");
  });

  it("prints the figures alone without a baseline", () => {
    const lines = timingLines(timingOf(report([1_000]), 5_000, undefined, root));
    expect(lines.slice(0, 3)).toEqual(["Wall time: 5.0 s", "CPU time: not measured on this platform", "Tests: 40"]);
    expect(lines.join("\n")).not.toContain("baseline");
  });
});
