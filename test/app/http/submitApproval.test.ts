// POST /api/approvals/{id}/{decision}: raises the decision only on an approval that still listens for one, and says why
// otherwise (409 with a reason).
import { OrchestrationRuntimeStatus } from "durable-functions";
import { describe, expect, it } from "vitest";
import { functionNames } from "../../../app/src/contract/functionNames";
import { statusErrors } from "../../../app/src/http/getStatus";
import { approvalConflicts, approvalErrors, submitApproval } from "../../../app/src/http/submitApproval";
import { approvalEventName } from "../../../app/src/patterns/approval";
import { FakeDurableClient, httpRequest, invocationContext, orchestrationStatus } from "../../support/fakeDurableClient";

const approvalId = "a".repeat(32);
const submittedBy = { id: "11111111-1111-4111-8111-111111111111", name: "Sam Submitter" };
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

function decide(id: string, decision: string, client: FakeDurableClient) {
  return submitApproval(
    httpRequest({ url: `http://localhost/api/approvals/${id}/${decision}`, method: "POST", params: { id, decision } }),
    client,
    invocationContext(),
  );
}

function clientWith(runtimeStatus: OrchestrationRuntimeStatus, customStatus: unknown, name: string = functionNames.approvalOrchestrator) {
  const client = new FakeDurableClient();
  client.instances.set(approvalId, { ...orchestrationStatus(approvalId, name, runtimeStatus), customStatus });
  return client;
}

const listening = () => ({ awaitingDecision: true, deadline: inAnHour(), submittedBy });

describe("POST /api/approvals/{id}/{decision}", () => {
  it.each([
    ["approve", true],
    ["reject", false],
  ])("%s raises the decision on an approval that waits for one: 202", async (decision, approved) => {
    const client = clientWith(OrchestrationRuntimeStatus.Running, listening());
    const response = await decide(approvalId, decision, client);
    expect(response.status).toBe(202);
    expect(client.raised).toEqual([
      { instanceId: approvalId, eventName: approvalEventName, eventData: expect.objectContaining({ approved }) },
    ]);
  });

  it.each([
    ["an instance started before version 2.0 (no custom status), running", OrchestrationRuntimeStatus.Running, null],
    ["an instance not started yet (the event waits for it)", OrchestrationRuntimeStatus.Pending, null],
  ])("%s: 202", async (_case, runtimeStatus, customStatus) => {
    const client = clientWith(runtimeStatus, customStatus);
    expect((await decide(approvalId, "approve", client)).status).toBe(202);
    expect(client.raised).toHaveLength(1);
  });

  it.each([
    ["another orchestration", OrchestrationRuntimeStatus.Running, null, functionNames.queryOrchestrator, "notAnApproval"],
    ["an approval that ended without a recorded outcome", OrchestrationRuntimeStatus.Completed, null, undefined, "notRunning"],
    ["a terminated approval", OrchestrationRuntimeStatus.Terminated, listening(), undefined, "notRunning"],
    [
      "an approval already decided (running still: the episode has not ended)",
      OrchestrationRuntimeStatus.Running,
      { awaitingDecision: false, outcome: "approved", decidedAt: "2024-05-01T10:05:00.000Z", decidedBy: submittedBy, submittedBy },
      undefined,
      "alreadyDecided",
    ],
    [
      "a completed approval that was rejected",
      OrchestrationRuntimeStatus.Completed,
      { awaitingDecision: false, outcome: "rejected", decidedAt: "2024-05-01T10:05:00.000Z", decidedBy: submittedBy, submittedBy },
      undefined,
      "alreadyDecided",
    ],
    [
      "an approval that timed out",
      OrchestrationRuntimeStatus.Completed,
      { awaitingDecision: false, outcome: "timedOut", timedOutAt: "2024-05-01T10:30:00.000Z", submittedBy },
      undefined,
      "timedOut",
    ],
    [
      "a running approval past its deadline (the timer has not been processed yet)",
      OrchestrationRuntimeStatus.Running,
      { awaitingDecision: true, deadline: new Date(Date.now() - 1000).toISOString(), submittedBy },
      undefined,
      "timedOut",
    ],
  ] as const)("%s: 409 with its reason, nothing raised", async (_case, runtimeStatus, customStatus, name, reason) => {
    const client = clientWith(runtimeStatus, customStatus, name);
    const response = await decide(approvalId, "approve", client);
    expect(response).toMatchObject({ status: 409, jsonBody: { reason, error: approvalConflicts[reason] } });
    expect(client.raised).toHaveLength(0);
  });

  it("unknown id: 404; malformed id or decision: 400", async () => {
    const client = clientWith(OrchestrationRuntimeStatus.Running, listening());
    expect((await decide("b".repeat(32), "approve", client)).status).toBe(404);
    expect((await decide("../x", "approve", client)).jsonBody).toEqual({ error: statusErrors.invalidId });
    expect((await decide(approvalId, "maybe", client)).jsonBody).toEqual({ error: approvalErrors.invalidDecision });
    expect(client.raised).toHaveLength(0);
  });
});
