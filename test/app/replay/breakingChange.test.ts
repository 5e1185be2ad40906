// The gate against real breaking changes, built here: an activity call inserted into the chaining orchestrator fails
// the replay of the recorded histories, naming the orchestrator, the version and the first diverging event; behind a
// version branch the same change passes. A removed activity that a supported version still calls fails it too.
import { relative } from "node:path";
import type { OrchestrationContext, OrchestrationHandler } from "durable-functions";
import { describe, expect, it } from "vitest";
import { functionNames } from "../../../app/src/contract/functionNames";
import { parseChainingInput, type SignRequest } from "../../../app/src/patterns/chaining";
import { inputOrThrow } from "../../../app/src/patterns/inputParsing";
import { currentOrchestrationVersion, startedAtOrAfter } from "../../../app/src/versioning/orchestrationVersion";
import { recordedHistory } from "../../support/historyRows";
import { replayEvents } from "../../support/replay";
import { appOrchestrators, fixturesDirectory, gateReport, historyFiles, replayThroughGate } from "../../support/replayGate";

const auditActivity = "chainAuditText";

/** The chaining orchestrator with an audit step after normalizing; `auditFrom` puts it behind a version branch. */
function chainingWithAudit(auditFrom?: string): OrchestrationHandler {
  return function* (context: OrchestrationContext) {
    const { text } = inputOrThrow(parseChainingInput(context.df.getInput()));
    const normalized: string = yield context.df.callActivity(functionNames.chainNormalizeText, text);
    if (auditFrom === undefined || startedAtOrAfter(context, auditFrom)) yield context.df.callActivity(auditActivity, normalized);
    const titled: string = yield context.df.callActivity(functionNames.chainTitleCaseText, normalized);
    const request: SignRequest = { text: titled, receipt: context.df.newGuid(context.df.instanceId) };
    return yield context.df.callActivity(functionNames.chainSignText, request);
  };
}

const chainingFixtures = historyFiles(fixturesDirectory)
  .map((file) => ({ ...file, name: relative(fixturesDirectory, file.path) }))
  .filter((file) => file.name.startsWith(functionNames.chainingOrchestrator));

async function reports(orchestrator: OrchestrationHandler, registeredActivities?: ReadonlySet<string>): Promise<string[]> {
  const orchestrators = { ...appOrchestrators, [functionNames.chainingOrchestrator]: orchestrator };
  const verdicts = await Promise.all(
    chainingFixtures.map((file) => replayThroughGate(file.name, file.rows, orchestrators, registeredActivities)),
  );
  return verdicts.flatMap(gateReport);
}

describe("an activity call inserted into the chaining orchestrator", () => {
  it("without a version branch: the gate fails every recorded history past the first step, naming orchestrator, version and event", async () => {
    const found = await reports(chainingWithAudit());
    expect(found).toContain(
      "chainingOrchestrator/1.0/waiting-on-activity.json: orchestrator 'chainingOrchestrator', version 1.0: first diverging event: " +
        "row 0000000000000006 (TaskScheduled, EventId 1): the history scheduled an activity 'chainTitleCaseText' as task 1; " +
        "the current code schedules an activity 'chainAuditText' there",
    );
    expect(found.some((report) => report.includes("version unversioned: first diverging event"))).toBe(true);
    expect(found).toHaveLength(chainingFixtures.length);
  });

  it("the durable-functions executor alone replays the same history without complaint: the host's rule is what fails it", async () => {
    const fixture = chainingFixtures.find((file) => file.name.includes("1.0"))!;
    const history = recordedHistory(fixture.rows);
    const result = await replayEvents(chainingWithAudit(), history.events, history.input);
    expect(result.failure).toBeUndefined();
    expect(result.actions.map((action) => action.functionName)).toContain(auditActivity);
  });

  it("behind a version branch for the next version: every recorded history still replays", async () => {
    expect(await reports(chainingWithAudit(`${Number(currentOrchestrationVersion.split(".")[0]) + 1}.0`))).toEqual([]);
  });
});

describe("activities a supported version calls", () => {
  it("removing one from the registrations fails the gate for every history that calls it", async () => {
    const registered = new Set([functionNames.chainNormalizeText, functionNames.chainTitleCaseText]);
    const found = await reports(appOrchestrators[functionNames.chainingOrchestrator]!, registered);
    expect(found).toEqual([
      "chainingOrchestrator/1.0/waiting-on-activity.json: orchestrator 'chainingOrchestrator', version 1.0: calls activity " +
        "'chainSignText', which app/src/index.ts no longer registers: keep it while a version that calls it is supported",
      "chainingOrchestrator/2.0/waiting-on-activity.json: orchestrator 'chainingOrchestrator', version 2.0: calls activity " +
        "'chainSignText', which app/src/index.ts no longer registers: keep it while a version that calls it is supported",
      "chainingOrchestrator/unversioned/completed.json: orchestrator 'chainingOrchestrator', version unversioned: calls activity " +
        "'chainSignText', which app/src/index.ts no longer registers: keep it while a version that calls it is supported",
    ]);
  });
});
