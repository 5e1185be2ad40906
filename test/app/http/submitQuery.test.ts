import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { functionNames } from "../../../app/src/contract/functionNames";
import { processAppSettings, readAppSettings } from "../../../app/src/appSettings";
import { submitQuery } from "../../../app/src/http/submitQuery";
import { rangeErrors } from "../../../app/src/query/queryRange";
import { FakeDurableClient, httpRequest, invocationContext } from "../../support/fakeDurableClient";

function submit(query: string, headers: Record<string, string> = {}, client = new FakeDurableClient()) {
  return submitQuery(httpRequest({ url: `http://10.0.0.7:8080/api/submit/query${query}`, headers }), client, invocationContext());
}

// The settings are read once, as the entry module reads them at start-up, before any test changes the environment.
beforeAll(() => {
  processAppSettings();
});

beforeEach(() => {
  vi.stubEnv("WEBSITE_HOSTNAME", "");
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("GET /api/submit/query: the original API's validation messages", () => {
  it.each([
    ["no parameters", "", rangeErrors.emptyStart],
    ["empty start", "?s=&e=10/12/2021", rangeErrors.emptyStart],
    ["blank start", "?s=%20%20&e=10/12/2021", rangeErrors.emptyStart],
    ["start not a date", "?s=abcd&e=10/12/2021", rangeErrors.invalidStart],
    ["start day does not exist", "?s=31/04/2021&e=10/12/2021", rangeErrors.invalidStart],
    ["start month 13", "?s=10/13/2021&e=10/12/2021", rangeErrors.invalidStart],
    ["start in American order", "?s=12/31/2021&e=10/12/2022", rangeErrors.invalidStart],
    ["29 February of a common year", "?s=29/02/2021&e=10/12/2021", rangeErrors.invalidStart],
    ["start with a time", "?s=2021-10-10T10:00&e=2021-12-10", rangeErrors.invalidStart],
    ["missing end", "?s=10/08/2021", rangeErrors.emptyEnd],
    ["empty end", "?s=10/08/2021&e=", rangeErrors.emptyEnd],
    ["end not a date (original example)", "?s=10/08/2021&e=abcd", rangeErrors.invalidEnd],
    ["ISO end with one-digit month", "?s=2021-10-10&e=2021-1-10", rangeErrors.invalidEnd],
    ["end before start (original example)", "?s=10/08/2021&e=05/08/2021", rangeErrors.invalidRange],
    ["same day", "?s=10/08/2021&e=2021-08-10", rangeErrors.invalidRange],
  ])("%s -> 400 %s", async (_name, query, message) => {
    const client = new FakeDurableClient();
    const response = await submit(query, {}, client);
    expect(response.status).toBe(400);
    expect(response.jsonBody).toEqual({ error: message });
    expect(client.started).toHaveLength(0);
  });

  it("checks the start before the end, as the original does", async () => {
    expect((await submit("?s=abcd&e=abcd")).jsonBody).toEqual({ error: rangeErrors.invalidStart });
  });
});

describe("GET /api/submit/query: accepted", () => {
  it.each([
    ["day-first (original example)", "?s=10/10/2021&e=10/12/2021", { start: "2021-10-10", end: "2021-12-10" }],
    ["ISO", "?s=2021-10-10&e=2021-10-11", { start: "2021-10-10", end: "2021-10-11" }],
    ["mixed, one-digit day and month", "?s=1/2/2020&e=2020-03-01", { start: "2020-02-01", end: "2020-03-01" }],
    ["leap day", "?s=29/02/2024&e=01/03/2024", { start: "2024-02-29", end: "2024-03-01" }],
  ])("%s: starts the query orchestration with ISO days", async (_name, query, range) => {
    const client = new FakeDurableClient();
    const response = await submit(query, {}, client);
    expect(response.status).toBe(202);
    expect(client.started).toEqual([{ name: functionNames.queryOrchestrator, input: range, instanceId: expect.any(String) }]);
  });

  it("answers 202 with only {id, statusUri}, the same URL in Location, and Retry-After", async () => {
    vi.stubEnv("WEBSITE_HOSTNAME", "api.example.com");
    const client = new FakeDurableClient();
    const response = await submit("?s=10/10/2021&e=10/12/2021", {}, client);
    const id = client.started[0]?.instanceId;
    const uri = `http://api.example.com/api/status/${id}`;
    expect(response.jsonBody).toEqual({ id, statusUri: uri });
    expect(response.headers).toMatchObject({ Location: uri, "Retry-After": "5", "Content-Type": "application/json" });
  });

  it("behind an ingress: host from WEBSITE_HOSTNAME, scheme from X-Forwarded-Proto", async () => {
    vi.stubEnv("WEBSITE_HOSTNAME", "api.example.com");
    const response = await submit("?s=10/10/2021&e=10/12/2021", { "x-forwarded-proto": "https" });
    expect((response.jsonBody as { statusUri: string }).statusUri).toMatch(/^https:\/\/api\.example\.com\/api\/status\/[0-9a-f]{32}$/);
  });

  it("local Docker: WEBSITE_HOSTNAME with a port", async () => {
    vi.stubEnv("WEBSITE_HOSTNAME", "localhost:8080");
    const response = await submit("?s=10/10/2021&e=10/12/2021");
    expect((response.jsonBody as { statusUri: string }).statusUri).toMatch(/^http:\/\/localhost:8080\/api\/status\//);
  });

  it("without WEBSITE_HOSTNAME: a relative URL, never one built from the request's Host header", async () => {
    const client = new FakeDurableClient();
    const request = httpRequest({ url: "http://attacker.example:8080/api/submit/query?s=10/10/2021&e=10/12/2021" });
    const response = await submitQuery(request, client, invocationContext());
    const uri = `/api/status/${client.started[0]?.instanceId}`;
    expect(response.jsonBody).toMatchObject({ statusUri: uri });
    expect(response.headers).toMatchObject({ Location: uri });
  });

  it("a malformed X-Forwarded-Proto is ignored, not echoed", async () => {
    vi.stubEnv("WEBSITE_HOSTNAME", "api.example.com");
    const response = await submit("?s=10/10/2021&e=10/12/2021", { "x-forwarded-proto": "javascript" });
    expect((response.jsonBody as { statusUri: string }).statusUri).toMatch(/^http:\/\/api\.example\.com\/api\/status\//);
  });

  it("a malformed WEBSITE_HOSTNAME stops the app at start-up; were it read anyway, the URL stays relative", async () => {
    expect(() => readAppSettings({ WEBSITE_HOSTNAME: "https://evil.example/x" })).toThrow(
      /'WEBSITE_HOSTNAME' must be a host name with an optional port \(host\[:port\]\), got 'https:\/\/evil\.example\/x'/,
    );
    vi.stubEnv("WEBSITE_HOSTNAME", "https://evil.example/x");
    const response = await submit("?s=10/10/2021&e=10/12/2021");
    expect((response.jsonBody as { statusUri: string }).statusUri).toMatch(/^\/api\/status\/[0-9a-f]{32}$/);
  });
});
