// Which release a rollback goes back to, from GitHub's answers. The answers under githubAnswers/ follow the response
// examples of the REST reference (docs.github.com/en/rest/deployments/deployments, .../statuses); they were written
// here, not recorded from a repository (no GitHub access in these tests).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isKnownGood, lastKnownGood, type DeploymentRecord, type StatusRecord } from "../../../tools/release/knownGood";
import { releaseFromPayload, releaseOf } from "../../../tools/release/release";

interface Answers {
  deployments: DeploymentRecord[];
  statuses: Record<string, StatusRecord[]>;
}

const answers = (name: string): Answers => JSON.parse(readFileSync(join(__dirname, "githubAnswers", `${name}.json`), "utf8")) as Answers;
const dev = "organization/durable-aks/dev";
const sha = (char: string) => char.repeat(40);
const digest = (char: string) => `sha256:${char.repeat(64)}`;

function statusesFrom(recorded: Answers) {
  const asked: number[] = [];
  const statusesOf = async (id: number) => {
    asked.push(id);
    return recorded.statuses[String(id)] ?? [];
  };
  return { asked, statusesOf };
}

describe("the last known-good release", () => {
  it("skips the release that failed and finds the newest that passed, reading statuses only as far as needed", async () => {
    const recorded = answers("failed-after-two-good");
    const { asked, statusesOf } = statusesFrom(recorded);
    const found = await lastKnownGood(recorded.deployments, statusesOf, dev);
    expect(found).toEqual({ stack: dev, commit: sha("b"), imageRef: `acrdev.azurecr.io/durable-app@${digest("2")}`, digest: digest("2") });
    expect(asked).toEqual([30, 20]);
  });

  it("counts a success GitHub later marked inactive (a newer one succeeded) as good, and one a person marked error as bad", () => {
    const recorded = answers("failed-after-two-good");
    expect(isKnownGood(recorded.statuses["10"]!)).toBe(true);
    const marked = answers("marked-bad-and-foreign-records").statuses["41"]!;
    expect(isKnownGood(marked)).toBe(false);
    expect(isKnownGood([])).toBe(false);
  });

  it("ignores other stacks, tags instead of digests and payloads whose commit is not the record's, whatever order the API answers in", async () => {
    const recorded = answers("marked-bad-and-foreign-records");
    const { asked, statusesOf } = statusesFrom(recorded);
    const found = await lastKnownGood(recorded.deployments, statusesOf, dev);
    // 44 is prod's, 43 names a tag, 42's payload names another commit, 41 was marked bad: 40, a rollback's record, is next.
    expect(found).toMatchObject({ commit: sha("b"), digest: digest("2"), rollbackOf: sha("c") });
    expect(asked).toEqual([41, 40]);
  });

  it("is none when no release passed", async () => {
    const recorded = answers("failed-after-two-good");
    const failedOnly = recorded.deployments.filter((record) => record.id === 30);
    expect(await lastKnownGood(failedOnly, statusesFrom(recorded).statusesOf, dev)).toBeUndefined();
    expect(await lastKnownGood([], statusesFrom(recorded).statusesOf, dev)).toBeUndefined();
  });
});

describe("a release", () => {
  it("is a stack, a full commit and a digest reference; anything else is refused", () => {
    const ref = `acrdev.azurecr.io/durable-app@${digest("1")}`;
    expect(releaseOf(dev, sha("a"), ref)).toEqual({ stack: dev, commit: sha("a"), imageRef: ref, digest: digest("1") });
    expect(() => releaseOf("dev", sha("a"), ref)).toThrow(/not a stack name/);
    expect(() => releaseOf(dev, "abc123", ref)).toThrow(/not a full commit SHA/);
    expect(() => releaseOf(dev, sha("a"), "acrdev.azurecr.io/durable-app:latest")).toThrow(/not pinned by digest/);
  });

  it("reads back from a payload sent as an object or as a JSON string, and only when its digest matches its reference", () => {
    const release = releaseOf(dev, sha("a"), `acrdev.azurecr.io/durable-app@${digest("1")}`);
    expect(releaseFromPayload(release, dev)).toEqual(release);
    expect(releaseFromPayload(JSON.stringify(release), dev)).toEqual(release);
    expect(releaseFromPayload({ ...release, digest: digest("9") }, dev)).toBeUndefined();
    expect(releaseFromPayload("not json", dev)).toBeUndefined();
    expect(releaseFromPayload(release, "organization/durable-aks/prod")).toBeUndefined();
  });
});
