import type { SmokeOutcome } from "../smoke/result";
import { shortCommit, type Release } from "./release";
import type { RecordState } from "./githubDeployments";

/** Where the release was smoke-tested: the App Service staging slot (production untouched yet) or production. */
export type Stage = "slot" | "production";

/**
 * continue: the slot passed, production is next. done: the release passed and is recorded known good.
 * rollback: production failed; redeploy the last known-good release. stop: fail the job and change nothing more.
 */
export type Next = "continue" | "done" | "rollback" | "stop";

export interface Decision {
  next: Next;
  /** The status the release's record gets; none while it is only half-way (the slot passed). */
  record?: RecordState;
  reason: string;
}

export interface DecisionInput {
  stage: Stage;
  /** undefined: the smoke test left no result (it crashed before writing one). */
  smoke: SmokeOutcome | undefined;
  release: Release;
  knownGood: Release | undefined;
}

const sameRelease = (a: Release, b: Release) => a.commit === b.commit && a.digest === b.digest;

/** What follows a smoke test: the rules of docs/releasing.md (Rollback), as one function of what the workflow knows. */
export function decide({ stage, smoke, release, knownGood }: DecisionInput): Decision {
  if (smoke === undefined || smoke === "inconclusive") {
    // Nothing is known about the release: neither recorded good nor rolled back for a fault of the smoke test.
    return { next: "stop", record: "error", reason: `the smoke test of the ${stage} could not run: the release is not known good` };
  }
  if (smoke === "passed") {
    return stage === "slot"
      ? { next: "continue", reason: "the staging slot passed its smoke test: production gets the same digest" }
      : { next: "done", record: "success", reason: "production passed its smoke test: this release is now the known-good one" };
  }
  if (stage === "slot") {
    return {
      next: "stop",
      record: "failure",
      reason: "the staging slot failed its smoke test: production was not touched and keeps its image",
    };
  }
  if (knownGood === undefined) {
    return {
      next: "stop",
      record: "failure",
      reason: "production failed its smoke test and no earlier release passed one: nothing to roll back to",
    };
  }
  if (sameRelease(knownGood, release)) {
    return {
      next: "stop",
      record: "failure",
      reason: `production failed its smoke test, but it runs the known-good release ${shortCommit(knownGood.commit)} already: what changed is not the release`,
    };
  }
  return {
    next: "rollback",
    record: "failure",
    reason: `production failed its smoke test: rolling back to ${shortCommit(knownGood.commit)} (${knownGood.digest})`,
  };
}

/** The status of a rollback's own record, from the smoke test of the rolled-back release. */
export function rollbackRecord(smoke: SmokeOutcome | undefined): RecordState {
  if (smoke === "passed") return "success";
  return smoke === "failed" ? "failure" : "error";
}
