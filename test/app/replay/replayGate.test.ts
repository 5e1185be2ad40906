// The history-replay gate: every recorded history of every supported orchestration version replays against the current
// code without the host rejecting it as nondeterministic, without failing where the recorded run did not, and calling
// only activities the app still registers. With REPLAY_HISTORIES_DIR set (the container smoke job), the histories the
// real host recorded there go through the same gate.
import { relative, sep } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { currentOrchestrationVersion } from "../../../app/src/versioning/orchestrationVersion";
import { registeredFunctions, type RegisteredFunctions } from "../../support/registeredFunctions";
import { appOrchestrators, fixturesDirectory, gateReport, historyFiles, replayThroughGate } from "../../support/replayGate";

const fixtures = historyFiles(fixturesDirectory).map((file) => ({ ...file, name: relative(fixturesDirectory, file.path) }));
const exportedDirectory = process.env.REPLAY_HISTORIES_DIR;
let registered: RegisteredFunctions;

beforeAll(async () => {
  registered = await registeredFunctions();
});

describe("replay gate: committed fixtures", () => {
  it("knows every orchestrator app/src/index.ts registers, and has fixtures to replay", () => {
    expect(Object.keys(appOrchestrators).sort()).toEqual([...registered.orchestrators].sort());
    expect(fixtures.length).toBeGreaterThan(0);
  });

  it.each(fixtures)("$name", async ({ name, rows }) => {
    const verdict = await replayThroughGate(name, rows, appOrchestrators, registered.activities);
    expect(gateReport(verdict)).toEqual([]);
    // Filed under <orchestrator>/<version>/, as the fixture checks of the current version expect.
    const [orchestrator, version] = name.split(sep);
    expect([verdict.history.orchestrator, verdict.version]).toEqual([orchestrator, version]);
  });
});

describe.runIf(exportedDirectory)("replay gate: histories the real host recorded (container smoke job)", () => {
  it("replays each, and each carries the image's version: the host applied host.json's defaultVersion", async () => {
    const exported = historyFiles(exportedDirectory!);
    expect(exported.length).toBeGreaterThan(0);
    for (const { path, rows } of exported) {
      const verdict = await replayThroughGate(path, rows, appOrchestrators, registered.activities);
      expect(gateReport(verdict)).toEqual([]);
      expect(verdict.version, path).toBe(currentOrchestrationVersion);
    }
  });
});
