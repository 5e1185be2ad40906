// The smoke test against a stand-in app on loopback: what passes, each way a release fails it, its time limits,
// and when it cannot run at all (inconclusive, exit 2).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main, type SmokeDeps } from "../../../tools/smoke/cli";
import type { FederatedIdentity } from "../../../tools/smoke/credentials";
import { parseSmokeResult, type CheckName, type SmokeResult } from "../../../tools/smoke/result";
import { fakeClock, startFakeApp, type FakeAppOptions } from "./fakeApp";

const marker = "424242";
const unknownId = "0".repeat(32);
const smokeClientId = "11111111-1111-1111-1111-111111111111";
const deployerClientId = "99999999-9999-9999-9999-999999999999";
const tenantId = "22222222-2222-2222-2222-222222222222";

let apps: Array<{ close: () => Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(apps.map((app) => app.close()));
  apps = [];
});

async function fakeApp(options: FakeAppOptions = {}) {
  const app = await startFakeApp(options);
  apps.push(app);
  return app;
}

interface Run {
  code: number;
  lines: string[];
  result: SmokeResult;
  summary: string;
  tokenRequests: Array<{ identity: FederatedIdentity; scope: string }>;
}

async function smoke(argv: string[], options: { env?: NodeJS.ProcessEnv; token?: string | Error } = {}): Promise<Run> {
  const folder = mkdtempSync(join(tmpdir(), "smoke-"));
  const resultFile = join(folder, "result.json");
  const summaryFile = join(folder, "summary.md");
  const lines: string[] = [];
  const files = new Map<string, string>();
  const tokenRequests: Run["tokenRequests"] = [];
  const deps: SmokeDeps = {
    env: options.env ?? {},
    write: (line) => lines.push(line),
    writeFile: (path, text) => files.set(path, text),
    appendFile: (path, text) => files.set(path, (files.get(path) ?? "") + text),
    fetch,
    clock: fakeClock(),
    credentialFactory: (identity) => ({
      getToken: async (scope) => {
        tokenRequests.push({ identity, scope: String(scope) });
        if (options.token instanceof Error) throw options.token;
        return { token: options.token ?? "smoke-token", expiresOnTimestamp: 0 };
      },
    }),
    marker: () => marker,
    unknownInstanceId: () => unknownId,
  };
  const code = await main([...argv, "--result", resultFile, "--summary", summaryFile], deps);
  const written = files.get(resultFile);
  return {
    code,
    lines,
    result: written === undefined ? (undefined as unknown as SmokeResult) : parseSmokeResult(written),
    summary: files.get(summaryFile) ?? "",
    tokenRequests,
  };
}

const check = (run: Run, name: CheckName) => run.result.checks.find((each) => each.name === name);
const failedChecks = (run: Run) => run.result.checks.filter((each) => !each.passed).map((each) => each.name);
const federated = (url: string) => ["--url", url, "--audience", "api://app-id", "--client-id", smokeClientId];
const ciEnv = { ARM_TENANT_ID: tenantId, AZURE_FEDERATED_TOKEN_FILE: "/tmp/token", AZURE_CLIENT_ID: deployerClientId };

describe("a release that passes", () => {
  it("on a local container (anonymous): health, an unknown id, the query and the chaining orchestration; exit 0", async () => {
    const app = await fakeApp({ queryResult: 17 });
    const run = await smoke(["--url", app.url]);
    expect(run.code).toBe(0);
    expect(run.result.outcome).toBe("passed");
    expect(run.result.target).toBe(`${app.url}/api`);
    expect(run.result.checks.map((each) => each.name)).toEqual(["health", "unknown-instance", "query", "orchestration"]);
    expect(check(run, "query")?.detail).toContain("17");
    expect(check(run, "orchestration")?.detail).toContain(`Smoke ${marker}`);
    expect(run.result.instances).toEqual(["instance1", "instance2"]);
    const paths = app.requests.map((request) => `${request.method} ${request.path}`);
    expect(paths).toContain(`GET /status/${unknownId}`);
    expect(paths).toContain("GET /submit/query?s=2000-01-01&e=2000-01-02");
    expect(app.requests.find((request) => request.path === "/patterns/chaining")?.body).toBe(JSON.stringify({ text: `smoke ${marker}` }));
    expect(run.summary).toMatch(/#### Smoke test of 127\.0\.0\.1:\d+: passed/);
    expect(run.summary).toContain("| orchestration | passed |");
  });

  it("as the smoke identity: a token for <apiAudience>/.default from its federated credential on every call but health", async () => {
    const app = await fakeApp({ bearerToken: "smoke-token" });
    const run = await smoke(federated(app.url), { env: ciEnv });
    expect(run.code).toBe(0);
    expect(run.tokenRequests).toEqual([
      { identity: { tenantId, clientId: smokeClientId, tokenFilePath: "/tmp/token" }, scope: "api://app-id/.default" },
    ]);
    expect(run.result.checks.map((each) => each.name)).toEqual([
      "health",
      "anonymous-refused",
      "unknown-instance",
      "query",
      "orchestration",
    ]);
    const health = app.requests.filter((request) => request.path === "/health");
    expect(health.every((request) => request.authorization === undefined)).toBe(true);
    const anonymous = app.requests.filter((request) => request.path !== "/health" && request.authorization === undefined);
    expect(anonymous.map((request) => request.path)).toEqual([`/status/${unknownId}`]);
    const signedIn = app.requests.filter((request) => request.authorization !== undefined);
    expect(signedIn.length).toBeGreaterThanOrEqual(5);
    expect(new Set(signedIn.map((request) => request.authorization))).toEqual(new Set(["Bearer smoke-token"]));
  });

  it("with a token and a function key together (App Service sign-in with function keys on): both headers on every call", async () => {
    const app = await fakeApp({ bearerToken: "smoke-token", functionKey: "key-1" });
    const run = await smoke([...federated(app.url), "--function-key-env", "SMOKE_KEY"], { env: { ...ciEnv, SMOKE_KEY: "key-1" } });
    expect(run.code).toBe(0);
    const withBoth = app.requests.filter((request) => request.authorization === "Bearer smoke-token" && request.functionKey === "key-1");
    expect(withBoth.length).toBeGreaterThanOrEqual(5);
  });

  it("with a function key: in the x-functions-key header, never in the URL", async () => {
    const app = await fakeApp({ functionKey: "key-1" });
    const run = await smoke(["--url", `${app.url}/api/`, "--function-key-env", "SMOKE_KEY"], { env: { SMOKE_KEY: "key-1" } });
    expect(run.code).toBe(0);
    expect(app.requests.some((request) => /code=/i.test(request.path))).toBe(false);
    expect(app.requests.filter((request) => request.functionKey === "key-1").length).toBeGreaterThanOrEqual(4);
  });

  it("waits for a container that is still starting, within --ready-seconds", async () => {
    const app = await fakeApp({ unhealthyAnswers: 3 });
    const run = await smoke(["--url", app.url]);
    expect(run.code).toBe(0);
    expect(app.requests.filter((request) => request.path === "/health")).toHaveLength(4);
  });
});

describe("a release that fails (exit 1)", () => {
  it("is not healthy within --ready-seconds: the other checks are not run", async () => {
    const app = await fakeApp({ neverHealthy: true });
    const run = await smoke(["--url", app.url, "--ready-seconds", "60"]);
    expect(run.code).toBe(1);
    expect(run.result.outcome).toBe("failed");
    expect(run.result.checks).toHaveLength(1);
    expect(check(run, "health")?.detail).toMatch(/not healthy within 60 s: answered 503/);
    // Every 5 s from 0 s to the limit, both included.
    expect(app.requests.filter((request) => request.path === "/health").length).toBe(13);
  });

  it("does not answer at all", async () => {
    const app = await fakeApp();
    await app.close();
    const run = await smoke(["--url", app.url, "--ready-seconds", "10"]);
    expect(run.code).toBe(1);
    expect(check(run, "health")?.detail).toMatch(/not healthy within 10 s: GET .*\/api\/health: /);
  });

  it("still runs the previous image: health never reports the expected source version", async () => {
    const app = await fakeApp({ sourceVersion: "old" });
    const run = await smoke(["--url", app.url, "--expect-source-version", "new", "--ready-seconds", "30"]);
    expect(run.code).toBe(1);
    expect(check(run, "health")?.detail).toContain("is not source new (the previous image still answers)");
    const fresh = await fakeApp({ sourceVersion: "new" });
    expect((await smoke(["--url", fresh.url, "--expect-source-version", "new"])).code).toBe(0);
  });

  it("lets an anonymous caller in although credentials are in use", async () => {
    const app = await fakeApp();
    const run = await smoke(federated(app.url), { env: ciEnv });
    expect(run.code).toBe(1);
    expect(failedChecks(run)).toEqual(["anonymous-refused"]);
    expect(check(run, "anonymous-refused")?.detail).toMatch(/got 404 .*does not require sign-in/);
  });

  it("refuses the smoke identity (no access role): every call after health fails, with the hint", async () => {
    const app = await fakeApp({ bearerToken: "another-token" });
    const run = await smoke(federated(app.url), { env: ciEnv });
    expect(run.code).toBe(1);
    expect(failedChecks(run)).toEqual(["unknown-instance", "query", "orchestration"]);
    expect(check(run, "unknown-instance")?.detail).toContain("access role");
  });

  it.each([200, 500])("answers an unknown instance id with %i instead of 404", async (status) => {
    const app = await fakeApp({ unknownStatus: status });
    const run = await smoke(["--url", app.url]);
    expect(run.code).toBe(1);
    expect(failedChecks(run)).toEqual(["unknown-instance"]);
  });

  it("cannot start an orchestration", async () => {
    const app = await fakeApp({ startStatus: 500 });
    const run = await smoke(["--url", app.url]);
    expect(run.code).toBe(1);
    expect(failedChecks(run)).toEqual(["query", "orchestration"]);
    expect(check(run, "query")?.detail).toContain("not 202 {id, statusUri}");
    expect(run.result.instances).toEqual([]);
  });

  it.each(["Failed", "Terminated"] as const)("ends the query %s", async (ends) => {
    const app = await fakeApp({ queryEnds: ends });
    const run = await smoke(["--url", app.url]);
    expect(run.code).toBe(1);
    expect(failedChecks(run)).toEqual(["query"]);
    expect(check(run, "query")?.detail).toBe(`instance1 ended ${ends}`);
  });

  it("counts something that is no count", async () => {
    const app = await fakeApp({ queryResult: "seventeen" });
    const run = await smoke(["--url", app.url]);
    expect(failedChecks(run)).toEqual(["query"]);
  });

  it("completes the chaining orchestration with an output that is not this run's", async () => {
    const app = await fakeApp({ chainingOutput: () => "Hello (receipt 1)" });
    const run = await smoke(["--url", app.url]);
    expect(run.code).toBe(1);
    expect(failedChecks(run)).toEqual(["orchestration"]);
    expect(check(run, "orchestration")?.detail).toContain(`lacks ${marker}`);
  });

  it("names a status URL on another host: the token is never sent there", async () => {
    const elsewhere = await fakeApp();
    const app = await fakeApp({ bearerToken: "smoke-token", statusOrigin: elsewhere.url.replace("127.0.0.1", "localhost") });
    const run = await smoke(federated(app.url), { env: ciEnv });
    expect(run.code).toBe(1);
    expect(failedChecks(run)).toEqual(["query", "orchestration"]);
    expect(check(run, "query")?.detail).toMatch(
      /statusUri http:\/\/localhost:\d+\/api\/status\/instance1 is not under http:\/\/127\.0\.0\.1/,
    );
    expect(elsewhere.requests).toEqual([]);
  });
});

describe("time limits", () => {
  it("an orchestration still Running after --orchestration-seconds fails, polled at the app's Retry-After", async () => {
    const app = await fakeApp({ runningPolls: Infinity });
    const run = await smoke(["--url", app.url, "--orchestration-seconds", "60"]);
    expect(run.code).toBe(1);
    expect(check(run, "query")?.detail).toBe("instance1 was still Running after 60 s");
    expect(check(run, "orchestration")?.detail).toBe("instance2 was still Running after 60 s");
    // Polls 5 s apart (the app's Retry-After) from 0 s to the limit, both included.
    expect(app.requests.filter((request) => request.path === "/status/instance1")).toHaveLength(13);
  });

  it("a request that gets no answer within --request-seconds fails its check, and the next checks still run", async () => {
    const app = await fakeApp({ hangingPaths: ["/submit/query"] });
    const run = await smoke(["--url", app.url, "--request-seconds", "1"]);
    expect(run.code).toBe(1);
    expect(failedChecks(run)).toEqual(["query"]);
    expect(check(run, "query")?.detail).toMatch(/^GET .*\/api\/submit\/query\?s=2000-01-01&e=2000-01-02: no answer within 1 s$/);
    expect(check(run, "orchestration")?.passed).toBe(true);
  });
});

describe("a smoke test that cannot run (exit 2, nothing known about the release)", () => {
  it("gets no token for the smoke identity", async () => {
    const app = await fakeApp();
    const run = await smoke(federated(app.url), { env: ciEnv, token: new Error("AADSTS700213: no matching federated identity record") });
    expect(run.code).toBe(2);
    expect(run.result.outcome).toBe("inconclusive");
    expect(run.result.error).toContain("AADSTS700213");
    expect(app.requests).toEqual([]);
    expect(run.summary).toContain("Could not run:");
  });

  it("finds no token in the named variable", async () => {
    const run = await smoke(["--url", "https://app.example.com/api", "--token-env", "SMOKE_TOKEN"]);
    expect(run.code).toBe(2);
    expect(run.result.error).toBe("the environment variable SMOKE_TOKEN holds no token");
  });

  it.each([
    [["--url", "ftp://app.example.com"], /not http\(s\)/],
    [["--url", "https://app.example.com/api", "--token-env", "A", "--audience", "api://x"], /choose --audience or --token-env/],
    [["--url", "http://app.example.com/api", "--token-env", "A"], /credentials travel over https only/],
    [["--url", "https://app.example.com", "--audience", "api://x", "--client-id", "smoke"], /--client-id: "smoke" must be/],
    [["--url", "https://app.example.com", "--audience", "api://x", "--client-id", smokeClientId], /--tenant-id/],
    [["--url", "https://app.example.com", "--client-id", smokeClientId], /apply only with --audience/],
    [["--url", "https://app.example.com", "--query-days", "2000-01-02..2000-01-01"], /start before end/],
    [["--url", "https://app.example.com", "--ready-seconds", "0"], /1-3600 seconds/],
    [["--url", "https://app.example.com", "--unknown"], /Unknown option/],
  ])("refuses %j with the usage", async (argv, message) => {
    const run = await smoke(argv as string[]);
    expect(run.code).toBe(2);
    expect(run.lines.join("\n")).toMatch(message);
    expect(run.lines.join("\n")).toContain("Usage: npx tsx tools/smoke/cli.ts");
  });
});

describe("the result file", () => {
  it("is what the workflows read: target, outcome, checks, instances", async () => {
    const app = await fakeApp();
    const run = await smoke(["--url", app.url]);
    expect(Object.keys(run.result).sort()).toEqual(["checks", "instances", "outcome", "target"]);
    expect(() => parseSmokeResult('{"outcome":"maybe"}')).toThrow(/not a smoke test result/);
  });
});
