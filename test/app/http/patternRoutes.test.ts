import { describe, expect, it } from "vitest";
import { functionNames } from "../../../app/src/contract/functionNames";
import { counterErrors, readCounter, signalCounter } from "../../../app/src/http/counter";
import { maxBodyBytes } from "../../../app/src/http/requestBody";
import { startPattern, unknownPatternError } from "../../../app/src/http/startPattern";
import { fixedCaller, submitter } from "../../support/callers";
import { FakeDurableClient, httpRequest, invocationContext } from "../../support/fakeDurableClient";

function start(name: string, body: string | undefined, client = new FakeDurableClient()) {
  return startPattern(
    httpRequest({ url: `http://localhost/api/patterns/${name}`, method: "POST", params: { name }, body }),
    client,
    invocationContext(),
    fixedCaller(submitter),
  );
}

describe("POST /api/patterns/{name}: allow-listed starters", () => {
  it.each([
    ["chaining", { text: "hello" }, functionNames.chainingOrchestrator, { text: "hello" }],
    ["fan-out-fan-in", { words: ["a", "bb"] }, functionNames.fanOutFanInOrchestrator, { words: ["a", "bb"] }],
    [
      "approval",
      { request: "deploy" },
      functionNames.approvalOrchestrator,
      { request: "deploy", timeoutMinutes: 60, submittedBy: { id: submitter.id, name: submitter.name } },
    ],
    ["monitor", undefined, functionNames.monitorOrchestrator, { jobSeconds: 30, pollSeconds: 10, maxPolls: 10 }],
  ])("%s starts %s with the parsed input (defaults filled in)", async (name, body, orchestrator, input) => {
    const client = new FakeDurableClient();
    const response = await start(name, body === undefined ? undefined : JSON.stringify(body), client);
    expect(response.status).toBe(202);
    expect(client.started).toEqual([{ name: orchestrator, input, instanceId: expect.any(String) }]);
    expect(response.jsonBody).toEqual({ id: client.started[0]?.instanceId, statusUri: expect.stringContaining("/api/status/") });
  });

  it.each(["queryOrchestrator", "chainingOrchestrator", "constructor", "__proto__", "toString", "", "counter"])(
    "%j is not on the allow-list: 404, nothing started",
    async (name) => {
      const client = new FakeDurableClient();
      const response = await start(name, "{}", client);
      expect(response.status).toBe(404);
      expect(response.jsonBody).toEqual({ error: unknownPatternError });
      expect(client.started).toHaveLength(0);
    },
  );

  it.each([
    ["chaining", "not json", "The body is not valid JSON."],
    ["chaining", "[1]", "The body must be a JSON object."],
    ["chaining", JSON.stringify({ text: "" }), "'text' must be a non-empty string of at most 200 characters."],
    ["fan-out-fan-in", JSON.stringify({ words: [] }), "'words' must be 1 to 100 non-empty strings of at most 100 characters."],
    ["approval", JSON.stringify({ request: "x", timeoutMinutes: 0 }), "'timeoutMinutes' must be a whole number from 1 to 4320."],
    ["monitor", JSON.stringify({ maxPolls: 2.5 }), "'maxPolls' must be a whole number from 1 to 20."],
    ["chaining", JSON.stringify({ text: "x".repeat(maxBodyBytes) }), `The body must be at most ${maxBodyBytes} bytes.`],
  ])("%s with a bad body %j: 400 with the reason", async (name, body, error) => {
    const client = new FakeDurableClient();
    const response = await start(name, body, client);
    expect(response).toMatchObject({ status: 400, jsonBody: { error } });
    expect(client.started).toHaveLength(0);
  });
});

describe("counter routes", () => {
  function signal(key: string, operation: string, query = "", client = new FakeDurableClient()) {
    return signalCounter(
      httpRequest({ url: `http://localhost/api/counters/${key}/${operation}${query}`, method: "POST", params: { key, operation } }),
      client,
      invocationContext(),
    );
  }

  it("add signals the counter entity with the value; reset signals reset", async () => {
    const client = new FakeDurableClient();
    expect((await signal("visits", "add", "?value=-3", client)).status).toBe(202);
    expect((await signal("visits", "reset", "", client)).status).toBe(202);
    expect(client.signals.map((entry) => [entry.entityId.name, entry.entityId.key, entry.operationName, entry.operationContent])).toEqual([
      [functionNames.counterEntity, "visits", "add", -3],
      [functionNames.counterEntity, "visits", "reset", undefined],
    ]);
  });

  it.each([
    ["bad key", "a b", "add", "", counterErrors.invalidKey],
    ["unknown operation", "visits", "get", "", counterErrors.invalidOperation],
    ["non-integer value", "visits", "add", "?value=1.5", counterErrors.invalidValue],
    ["huge value", "visits", "add", "?value=99999999999", counterErrors.invalidValue],
  ])("%s: 400", async (_name, key, operation, query, error) => {
    const client = new FakeDurableClient();
    expect((await signal(key, operation, query, client)).jsonBody).toEqual({ error });
    expect(client.signals).toHaveLength(0);
  });

  it("GET reads the entity state, 404 when the counter never existed", async () => {
    const client = new FakeDurableClient();
    client.entities.set("visits", 12);
    const read = (key: string) =>
      readCounter(httpRequest({ url: `http://localhost/api/counters/${key}`, params: { key } }), client, invocationContext());
    expect(await read("visits")).toMatchObject({ status: 200, jsonBody: { key: "visits", value: 12 } });
    expect(await read("other")).toMatchObject({ status: 404, jsonBody: { error: counterErrors.notFound } });
  });
});
