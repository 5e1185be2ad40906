// npm run test:timing [-- --runs N] [-- --record]: runs the suite as `npm test` does (vitest run) with the JSON reporter,
// prints the wall time, the CPU time, the test count and the ten slowest files against the recorded baseline. Figures,
// not assertions: nothing in the test suite is timed. --record writes the median of the runs as the new baseline.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import * as path from "node:path";
import { medianTiming, timingLines, timingOf, type SuiteTiming, type TimingBaseline, type VitestJsonReport } from "./testTimingReport";

const root = path.resolve(__dirname, "..", "..");
const baselineFile = path.join(__dirname, "testTiming.baseline.json");
const vitest = path.join(root, "node_modules", "vitest", "vitest.mjs");

/** User + system time of this process's finished children, in ms (Linux: proc(5), cutime and cstime in USER_HZ = 100). */
function childrenCpuMs(): number | undefined {
  if (!existsSync("/proc/self/stat")) return undefined;
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function runSuite(): { timing: SuiteTiming; passed: boolean } {
  const report = path.join(mkdtempSync(path.join(tmpdir(), "test-timing-")), "vitest.json");
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  const result = spawnSync(process.execPath, [vitest, "run", "--reporter=dot", "--reporter=json", `--outputFile.json=${report}`], {
    cwd: root,
    stdio: "inherit",
  });
  const wallMs = performance.now() - started;
  const cpuAfter = childrenCpuMs();
  if (!existsSync(report)) throw new Error(`vitest wrote no report (exit ${result.status ?? result.signal})`);
  const parsed = JSON.parse(readFileSync(report, "utf8")) as VitestJsonReport;
  const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
  return { timing: timingOf(parsed, wallMs, cpuMs, root), passed: result.status === 0 && parsed.success };
}

function main(): number {
  const args = process.argv.slice(2);
  const record = args.includes("--record");
  const runsAt = args.indexOf("--runs");
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 1;
  if (!Number.isInteger(runs) || runs < 1) {
    console.error("Usage: npm run test:timing [-- --runs N] [-- --record]");
    return 2;
  }
  const timings: SuiteTiming[] = [];
  for (let run = 1; run <= runs; run++) {
    const { timing, passed } = runSuite();
    if (!passed) {
      console.error(`\nRun ${run}: the suite failed; its figures are not a timing.`);
      return 1;
    }
    console.log(`\nRun ${run}: ${timing.wallSeconds.toFixed(1)} s wall, ${timing.tests} tests`);
    timings.push(timing);
  }
  const timing = medianTiming(timings);
  const baseline = existsSync(baselineFile) ? (JSON.parse(readFileSync(baselineFile, "utf8")) as TimingBaseline) : undefined;
  console.log(`\n${timingLines(timing, record ? undefined : baseline, runs).join("\n")}`);
  if (record) {
    const recorded: TimingBaseline = {
      recorded: new Date().toISOString().slice(0, 10),
      machine: `${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? "unknown CPU"}), Node ${process.versions.node}`,
      runs,
      ...timing,
    };
    writeFileSync(baselineFile, `${JSON.stringify(recorded, null, 2)}\n`);
    console.log(`\nRecorded as the baseline: ${path.relative(root, baselineFile)}`);
  }
  return 0;
}

process.exitCode = main();
