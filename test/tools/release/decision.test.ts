// What follows a smoke test, for every stage and outcome: the rules the workflows' release steps follow.
import { describe, expect, it } from "vitest";
import { decide, rollbackRecord, type DecisionInput } from "../../../tools/release/decision";
import { releaseOf } from "../../../tools/release/release";

const stack = "organization/durable-aks/prod";
const release = releaseOf(stack, "c".repeat(40), `acrprod.azurecr.io/durable-app@sha256:${"3".repeat(64)}`);
const knownGood = releaseOf(stack, "b".repeat(40), `acrprod.azurecr.io/durable-app@sha256:${"2".repeat(64)}`);
const input = (overrides: Partial<DecisionInput>): DecisionInput => ({
  stage: "production",
  smoke: "passed",
  release,
  knownGood,
  ...overrides,
});

describe("after the smoke test", () => {
  it.each([
    // stage, outcome, known good, next, record
    ["production", "passed", knownGood, "done", "success"],
    ["production", "failed", knownGood, "rollback", "failure"],
    ["production", "failed", undefined, "stop", "failure"],
    ["production", "inconclusive", knownGood, "stop", "error"],
    ["production", undefined, knownGood, "stop", "error"],
    ["slot", "passed", knownGood, "continue", undefined],
    ["slot", "failed", knownGood, "stop", "failure"],
    ["slot", "inconclusive", knownGood, "stop", "error"],
  ] as const)("%s %s (known good: %o) -> %s, recorded %s", (stage, smoke, known, next, record) => {
    const decision = decide(input({ stage, smoke, knownGood: known }));
    expect(decision.next).toBe(next);
    expect(decision.record).toBe(record);
  });

  it("a failed slot leaves production alone: no rollback, whatever is known good", () => {
    expect(decide(input({ stage: "slot", smoke: "failed" })).reason).toContain("production was not touched");
  });

  it("does not roll back to the release that just failed (the known-good one failing now: the environment changed)", () => {
    const decision = decide(input({ smoke: "failed", knownGood: { ...release } }));
    expect(decision).toMatchObject({ next: "stop", record: "failure" });
    expect(decision.reason).toContain("runs the known-good release cccccccccccc already");
  });

  it("rolls back to the same commit with another digest (program and image are the release)", () => {
    const sameCommit = { ...knownGood, commit: release.commit };
    expect(decide(input({ smoke: "failed", knownGood: sameCommit })).next).toBe("rollback");
  });

  it("names the known-good release it rolls back to", () => {
    expect(decide(input({ smoke: "failed" })).reason).toBe(
      `production failed its smoke test: rolling back to bbbbbbbbbbbb (sha256:${"2".repeat(64)})`,
    );
  });

  it("records a rollback by its own smoke test", () => {
    expect([rollbackRecord("passed"), rollbackRecord("failed"), rollbackRecord("inconclusive"), rollbackRecord(undefined)]).toEqual([
      "success",
      "failure",
      "error",
      "error",
    ]);
  });
});
