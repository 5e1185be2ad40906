import { smokeMarkdown, type SmokeResult } from "../smoke/result";
import type { Decision, Stage } from "./decision";
import type { RecordState } from "./githubDeployments";
import { shortCommit, type Release } from "./release";

export type SmokeStage = Stage | "rollback";

/** Everything a release job learnt, read back from its state folder for the job summary. */
export interface ReleaseReport {
  environment: string;
  /** The commit the workflow runs (the release under test, unless it never got that far). */
  commit: string;
  release?: Release;
  /** null: looked up, none recorded yet; undefined: never looked up. */
  knownGood?: Release | null;
  smoke: Partial<Record<SmokeStage, SmokeResult>>;
  decisions: Partial<Record<Stage, Decision>>;
  rollback?: { release: Release; record: RecordState };
}

const stageNames: Record<SmokeStage, string> = { slot: "staging slot", production: "production", rollback: "rolled-back release" };
const row = (label: string, release: Release | undefined | null, fallback: string) =>
  release ? `| ${label} | \`${shortCommit(release.commit)}\` | \`${release.imageRef}\` |` : `| ${label} | ${fallback} | |`;

/** The job summary, and whether the release passed (anything else fails the job). */
export function releaseSummary(report: ReleaseReport): { markdown: string; passed: boolean } {
  const passed = report.decisions.production?.next === "done";
  const lines = [`### Release of ${report.environment}: ${passed ? "passed" : "FAILED"}`, ""];
  lines.push("| | commit | image |", "| --- | --- | --- |");
  lines.push(
    report.release
      ? row("release under test", report.release, "")
      : `| release under test | \`${shortCommit(report.commit)}\` | (no image: the update did not finish) |`,
  );
  if (report.knownGood !== undefined) lines.push(row("last known good", report.knownGood, "none recorded yet"));
  if (report.rollback) lines.push(row("rolled back to", report.rollback.release, ""));
  lines.push("");
  const decided = (["slot", "production"] as const).filter((stage) => report.decisions[stage]);
  if (decided.length === 0) lines.push("The update did not reach its smoke test: the failed step above says why. Nothing was rolled back.");
  for (const stage of decided) lines.push(`- ${stageNames[stage]}: ${report.decisions[stage]!.reason}`);
  if (report.rollback) {
    const { release, record } = report.rollback;
    lines.push(
      record === "success"
        ? `- rollback: ${report.environment} runs \`${shortCommit(release.commit)}\` again (program and image) and it passed its smoke test`
        : `- rollback: ${report.environment} runs \`${shortCommit(release.commit)}\` again (program and image), but its smoke test did not pass: look at the app now`,
    );
  } else if (report.decisions.production?.next === "rollback") {
    lines.push("- rollback: did not finish (the failed step above says why): Pulumi's state records what it changed");
  }
  lines.push("");
  for (const stage of ["slot", "production", "rollback"] as const) {
    const result = report.smoke[stage];
    if (result) lines.push(smokeMarkdown(result, `the ${stageNames[stage]}`));
  }
  return { markdown: lines.join("\n"), passed };
}
