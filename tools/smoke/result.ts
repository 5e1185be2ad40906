/** The checks, in the order they run. */
export const checkNames = ["health", "anonymous-refused", "unknown-instance", "query", "orchestration"] as const;
export type CheckName = (typeof checkNames)[number];

export interface CheckResult {
  name: CheckName;
  passed: boolean;
  /** What was seen, for a person reading the summary. */
  detail: string;
}

/**
 * passed: every check passed. failed: the deployment answered wrongly (the release is bad: a rollback may follow).
 * inconclusive: the smoke test could not run (bad arguments, no token): nothing is known about the release.
 */
export type SmokeOutcome = "passed" | "failed" | "inconclusive";

/** The machine-readable result (`--result <file>`), read by the release tool and the job summary. */
export interface SmokeResult {
  /** The API base the checks called, `https://<host>/api`. */
  target: string;
  outcome: SmokeOutcome;
  checks: CheckResult[];
  /** Orchestration instances the smoke test started (left to the history retention timer). */
  instances: string[];
  /** Why the smoke test could not run (inconclusive only). */
  error?: string;
}

export const exitCodes: Record<SmokeOutcome, number> = { passed: 0, failed: 1, inconclusive: 2 };

export function outcomeOf(checks: CheckResult[]): SmokeOutcome {
  return checks.every((check) => check.passed) ? "passed" : "failed";
}

export function inconclusive(target: string, error: string): SmokeResult {
  return { target, outcome: "inconclusive", checks: [], instances: [], error };
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** A Markdown section for the job summary. */
export function smokeMarkdown(result: SmokeResult, label: string): string {
  const lines = [`#### Smoke test of ${label}: ${result.outcome}`, "", `Target: \`${result.target}\``, ""];
  if (result.error) lines.push(`Could not run: ${cell(result.error)}`, "");
  if (result.checks.length) {
    lines.push("| check | result | detail |", "| --- | --- | --- |");
    for (const check of result.checks) lines.push(`| ${check.name} | ${check.passed ? "passed" : "FAILED"} | ${cell(check.detail)} |`);
    lines.push("");
  }
  if (result.instances.length) lines.push(`Instances started: ${result.instances.map((id) => `\`${id}\``).join(", ")}`, "");
  return lines.join("\n");
}

/** Reads a result file written by `--result`; anything else is not a smoke result. */
export function parseSmokeResult(text: string): SmokeResult {
  const value = JSON.parse(text) as Partial<SmokeResult>;
  if (
    typeof value.target !== "string" ||
    !["passed", "failed", "inconclusive"].includes(String(value.outcome)) ||
    !Array.isArray(value.checks)
  ) {
    throw new Error("not a smoke test result: expected {target, outcome, checks, instances}");
  }
  const result: SmokeResult = { target: value.target, outcome: value.outcome!, checks: value.checks, instances: value.instances ?? [] };
  return value.error === undefined ? result : { ...result, error: value.error };
}
