// POST /api/approvals/{id}/{decision}: only a person with the approver role decides, and the event records who; the
// decision is raised only on an approval that still listens for one, and the answer says why otherwise (409 with a reason).
import { OrchestrationRuntimeStatus } from "durable-functions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiScope, approverRole } from "../../../app/src/auth/caller";
import { authErrors, callerAuthenticator } from "../../../app/src/auth/callerAuthentication";
import { functionNames } from "../../../app/src/contract/functionNames";
import { statusErrors } from "../../../app/src/http/getStatus";
import { approvalConflicts, approvalErrors, submitApproval } from "../../../app/src/http/submitApproval";
import { approvalEventName } from "../../../app/src/patterns/approval";
import { signedInCallers } from "../../support/callers";
import { person } from "../../support/entraTokens";
import { FakeDurableClient, httpRequest, invocationContext, orchestrationStatus } from "../../support/fakeDurableClient";

const approvalId = "a".repeat(32);
const submittedBy = { id: "11111111-1111-4111-8111-111111111111", name: "Sam Submitter" };
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

let signedIn: Awaited<ReturnType<typeof signedInCallers>>;
let approverToken: string;

beforeAll(async () => {
  signedIn = await signedInCallers();
  approverToken = await signedIn.token({ roles: ["access", approverRole], scp: apiScope });
});

afterAll(() => signedIn.close());

async function decide(id: string, decision: string, client: FakeDurableClient, headers?: Record<string, string>, body?: string) {
  return submitApproval(
    httpRequest({
      url: `http://localhost/api/approvals/${id}/${decision}`,
      method: "POST",
      params: { id, decision },
      headers: headers ?? { Authorization: `Bearer ${approverToken}` },
      body,
    }),
    client,
    invocationContext(),
    signedIn.callers,
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
  ])("%s raises the decision on an approval that waits for one, naming the approver from the token: 202", async (decision, approved) => {
    const client = clientWith(OrchestrationRuntimeStatus.Running, listening());
    const forged = JSON.stringify({ decidedBy: { id: "someone-else", name: "Mallory" }, approved: !approved });
    const response = await decide(approvalId, decision, client, undefined, forged);
    expect(response.status).toBe(202);
    expect(client.raised).toEqual([
      { instanceId: approvalId, eventName: approvalEventName, eventData: { approved, decidedBy: { id: person.oid, name: person.name } } },
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

describe("who may decide", () => {
  const waitingClient = () => clientWith(OrchestrationRuntimeStatus.Running, listening());

  it.each([
    ["no token", {}, 401, authErrors.noToken],
    ["identity headers without a token", { "X-Forwarded-User": "alex", "X-MS-CLIENT-PRINCIPAL-NAME": "alex" }, 401, authErrors.noToken],
    ["a token that does not validate", { Authorization: "Bearer e30.e30.c2ln" }, 401, authErrors.invalidToken],
  ])("%s: %i, nothing read or raised", async (_case, headers, status, error) => {
    const client = waitingClient();
    expect(await decide(approvalId, "approve", client, headers)).toMatchObject({ status, jsonBody: { error } });
    expect(client.raised).toHaveLength(0);
  });

  it.each([
    ["a person without the approver role", { roles: ["access"], scp: apiScope }],
    ["a program's own token holding the role (no delegated scope)", { roles: ["access", approverRole], scp: undefined }],
  ])("%s: 403", async (_case, claims) => {
    const client = waitingClient();
    const token = await signedIn.token(claims);
    expect(await decide(approvalId, "approve", client, { Authorization: `Bearer ${token}` })).toMatchObject({
      status: 403,
      jsonBody: { error: authErrors.notApprover },
    });
    expect(client.raised).toHaveLength(0);
  });

  it("the approver's token through OAuth2 Proxy's header counts as well", async () => {
    const client = waitingClient();
    expect((await decide(approvalId, "reject", client, { "X-Forwarded-Access-Token": approverToken })).status).toBe(202);
  });

  it("a deployment without the sign-in settings refuses every decision: 503", async () => {
    const client = waitingClient();
    const response = await submitApproval(
      httpRequest({
        url: `http://localhost/api/approvals/${approvalId}/approve`,
        method: "POST",
        params: { id: approvalId, decision: "approve" },
        headers: { Authorization: `Bearer ${approverToken}` },
      }),
      client,
      invocationContext(),
      callerAuthenticator(undefined),
    );
    expect(response).toMatchObject({ status: 503, jsonBody: { error: authErrors.notConfigured } });
    expect(client.raised).toHaveLength(0);
  });
});
