import { median } from "./measure";

/** The part of vitest's JSON report (`--reporter=json`) the timing reads. */
export interface VitestJsonReport {
  numTotalTests: number;
  numFailedTests: number;
  success: boolean;
  testResults: Array<{ name: string; startTime: number; endTime: number }>;
}

/** One run of the suite, or the median of several. */
export interface SuiteTiming {
  wallSeconds: number;
  /** User + system time of the test processes; steadier than wall time on a shared machine. Absent where unmeasured. */
  cpuSeconds?: number;
  tests: number;
  /** Seconds each file's tests ran (vitest's file duration, its imports excluded), slowest first. */
  files: Record<string, number>;
}

/** What `--record` writes: the figures a later run is compared with. */
export interface TimingBaseline extends SuiteTiming {
  recorded: string;
  machine: string;
  runs: number;
}

const seconds = (milliseconds: number) => Math.round(milliseconds / 10) / 100;

function slowestFirst(files: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(files).sort(([, a], [, b]) => b - a));
}

/** The timing of one run from its JSON report; file names relative to `root`. */
export function timingOf(report: VitestJsonReport, wallMs: number, cpuMs: number | undefined, root: string): SuiteTiming {
  const prefix = root.endsWith("/") ? root : `${root}/`;
  const files = Object.fromEntries(
    report.testResults.map((file) => [
      file.name.startsWith(prefix) ? file.name.slice(prefix.length) : file.name,
      seconds(file.endTime - file.startTime),
    ]),
  );
  return {
    wallSeconds: seconds(wallMs),
    ...(cpuMs === undefined ? {} : { cpuSeconds: seconds(cpuMs) }),
    tests: report.numTotalTests,
    files: slowestFirst(files),
  };
}

/** Per figure (and per file) the median over several runs. */
export function medianTiming(runs: readonly SuiteTiming[]): SuiteTiming {
  if (runs.length === 0) throw new Error("no runs to take the median of");
  const cpu = runs.flatMap((run) => (run.cpuSeconds === undefined ? [] : [run.cpuSeconds]));
  const names = [...new Set(runs.flatMap((run) => Object.keys(run.files)))];
  const files = Object.fromEntries(names.map((name) => [name, median(runs.flatMap((run) => run.files[name] ?? []))]));
  return {
    wallSeconds: median(runs.map((run) => run.wallSeconds)),
    ...(cpu.length === runs.length ? { cpuSeconds: median(cpu) } : {}),
    tests: median(runs.map((run) => run.tests)),
    files: slowestFirst(files),
  };
}

const signed = (value: number, unit: string) => `${value >= 0 ? "+" : ""}${value.toFixed(unit === "" ? 0 : 1)}${unit}`;

function against(now: number, before: number | undefined, unit: string): string {
  if (before === undefined) return "";
  const percent = before === 0 ? "" : `, ${signed(((now - before) / before) * 100, "%")}`;
  return ` (baseline ${unit === "" ? before : before.toFixed(1) + unit}: ${signed(now - before, unit)}${percent})`;
}

/** The lines the script prints: wall time, CPU time, test count, the ten slowest files, each against the baseline. */
export function timingLines(timing: SuiteTiming, baseline?: TimingBaseline, runs = 1): string[] {
  const over = runs > 1 ? ` (median of ${runs} runs)` : "";
  const lines = [
    `Wall time: ${timing.wallSeconds.toFixed(1)} s${over}${against(timing.wallSeconds, baseline?.wallSeconds, " s")}`,
    timing.cpuSeconds === undefined
      ? "CPU time: not measured on this platform"
      : `CPU time (user + system): ${timing.cpuSeconds.toFixed(1)} s${against(timing.cpuSeconds, baseline?.cpuSeconds, " s")}`,
    `Tests: ${timing.tests}${against(timing.tests, baseline?.tests, "")}`,
    "Ten slowest files (seconds their tests ran, imports excluded):",
    ...Object.entries(timing.files)
      .slice(0, 10)
      .map(([name, time]) => `  ${time.toFixed(1).padStart(6)} s  ${name}${against(time, baseline?.files[name], " s")}`),
  ];
  if (baseline) lines.push(`Baseline: ${baseline.recorded}, ${baseline.machine}, median of ${baseline.runs} run(s).`);
  return lines;
}
