// A change of host.json's defaultVersion must come with recorded histories of the new version for every orchestrator:
// this test fails the build until they are committed under test/app/replay/fixtures/<orchestrator>/<version>/.
import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compareOrchestrationVersions, currentOrchestrationVersion } from "../../../app/src/versioning/orchestrationVersion";
import { registeredFunctions, type RegisteredFunctions } from "../../support/registeredFunctions";
import { fixturesDirectory, historyFiles, replayThroughGate, type GateVerdict } from "../../support/replayGate";

let registered: RegisteredFunctions;
let verdicts: GateVerdict[];

beforeAll(async () => {
  registered = await registeredFunctions();
  verdicts = await Promise.all(
    historyFiles(fixturesDirectory).map((file) => replayThroughGate(relative(fixturesDirectory, file.path), file.rows)),
  );
});

/** Orchestrators without a recorded history of `version` (what a release of `version` must add). */
function missingFixtures(version: string): string[] {
  return [...registered.orchestrators].filter((orchestrator) => {
    const folder = join(fixturesDirectory, orchestrator, version);
    return !existsSync(folder) || !readdirSync(folder).some((name) => name.endsWith(".json"));
  });
}

describe(`fixtures of the image's orchestration version (host.json defaultVersion ${currentOrchestrationVersion})`, () => {
  it("every registered orchestrator has a recorded history of that version", () => {
    expect(missingFixtures(currentOrchestrationVersion)).toEqual([]);
  });

  it("a version bumped without new fixtures fails the check, naming every orchestrator", () => {
    const [major] = currentOrchestrationVersion.split(".");
    expect(missingFixtures(`${Number(major) + 1}.0`).sort()).toEqual([...registered.orchestrators].sort());
  });

  it("no fixture claims a version newer than the image's", () => {
    const newer = verdicts.filter(
      (verdict) => verdict.version !== "unversioned" && compareOrchestrationVersions(verdict.version, currentOrchestrationVersion) > 0,
    );
    expect(newer.map((verdict) => verdict.source)).toEqual([]);
  });

  it("that version's histories hold instances waiting on an activity, a durable timer and an external event", () => {
    const current = verdicts.filter((verdict) => verdict.version === currentOrchestrationVersion);
    expect([...new Set(current.flatMap((verdict) => [...verdict.waitingOn]))].sort()).toEqual(["activity", "event", "timer"]);
  });

  it("so do the histories of instances started before versioning, which may still be in flight", () => {
    const unversioned = verdicts.filter((verdict) => verdict.version === "unversioned");
    expect([...new Set(unversioned.flatMap((verdict) => [...verdict.waitingOn]))].sort()).toEqual(["activity", "event", "timer"]);
  });
});
