import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { functionNames } from "../../app/src/contract/functionNames";
import { readHttpAuthLevel } from "../../app/src/http/authLevel";
import {
  httpTrigger,
  installFunctionsHostCapture,
  summarize,
  takeRegistrations,
  type CapturedFunction,
} from "../support/functionsHostCapture";

beforeAll(() => {
  installFunctionsHostCapture();
});

beforeEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
  takeRegistrations();
});

async function registeredWith(env: Record<string, string>) {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  await import("../../app/src/index.js");
  return takeRegistrations();
}

describe("auth level: HttpAuthLevel", () => {
  it("function keys unless the setting says anonymous; App Service's WEBSITE_SITE_NAME decides nothing", () => {
    expect(readHttpAuthLevel({})).toBe("function");
    expect(readHttpAuthLevel({ WEBSITE_SITE_NAME: "func-dev" })).toBe("function");
    expect(readHttpAuthLevel({ HttpAuthLevel: "  " })).toBe("function");
    expect(readHttpAuthLevel({ HttpAuthLevel: "anonymous" })).toBe("anonymous");
    expect(readHttpAuthLevel({ HttpAuthLevel: "function" })).toBe("function");
  });

  it.each(["Anonymous", "none", "admin", "true"])("%j is refused, naming the setting, the value and the allowed values", (value) => {
    expect(() => readHttpAuthLevel({ HttpAuthLevel: value })).toThrow(
      `The app setting 'HttpAuthLevel' must be 'function' or 'anonymous', got '${value}'.`,
    );
  });
});

describe("registration: what the host would receive from app/src/index.ts", () => {
  it("registers every route, orchestration, activity and the entity under the agreed names", async () => {
    const summary = summarize(await registeredWith({ WEBSITE_SITE_NAME: "" }));
    const routes = Object.fromEntries(
      summary.filter((fn) => fn.trigger === "httpTrigger").map((fn) => [fn.name, `${fn.methods?.join(",")} ${fn.route}`]),
    );
    expect(routes).toEqual({
      [functionNames.health]: "GET health",
      [functionNames.submitQuery]: "GET submit/query",
      [functionNames.getStatus]: "GET status/{id}",
      [functionNames.startPattern]: "POST patterns/{name}",
      [functionNames.submitApproval]: "POST approvals/{id}/{decision}",
      [functionNames.signalCounter]: "POST counters/{key}/{operation}",
      [functionNames.readCounter]: "GET counters/{key}",
    });
    const byTrigger = (trigger: string) =>
      summary
        .filter((fn) => fn.trigger === trigger)
        .map((fn) => fn.name)
        .sort();
    expect(byTrigger("orchestrationTrigger")).toEqual(
      [
        functionNames.queryOrchestrator,
        functionNames.chainingOrchestrator,
        functionNames.fanOutFanInOrchestrator,
        functionNames.approvalOrchestrator,
        functionNames.monitorOrchestrator,
      ].sort(),
    );
    expect(byTrigger("activityTrigger")).toEqual(
      [
        functionNames.countActivity,
        functionNames.chainNormalizeText,
        functionNames.chainTitleCaseText,
        functionNames.chainSignText,
        functionNames.measureWord,
        functionNames.checkJobStatus,
      ].sort(),
    );
    expect(byTrigger("entityTrigger")).toEqual([functionNames.counterEntity]);
  });

  it("every route except health gets the durable client input", async () => {
    const summary = summarize(await registeredWith({}));
    for (const fn of summary.filter((entry) => entry.trigger === "httpTrigger")) {
      expect(fn.inputs).toEqual(fn.name === functionNames.health ? [] : ["durableClient"]);
    }
  });

  const levelsOf = (registered: CapturedFunction[]) =>
    Object.fromEntries(registered.flatMap((fn) => (httpTrigger(fn) ? [[fn.name, httpTrigger(fn)!.authLevel]] : [])));

  it("without HttpAuthLevel (a plain docker run, any host) every route needs a function key, except the health probe", async () => {
    const levels = levelsOf(await registeredWith({ WEBSITE_SITE_NAME: "" }));
    expect(Object.keys(levels)).toHaveLength(7);
    for (const [name, level] of Object.entries(levels))
      expect([name, level]).toEqual([name, name === functionNames.health ? "anonymous" : "function"]);
  });

  it("HttpAuthLevel=anonymous (the AKS hosting, behind OAuth2 Proxy): every route is anonymous", async () => {
    const levels = levelsOf(await registeredWith({ HttpAuthLevel: "anonymous" }));
    expect(Object.keys(levels)).toHaveLength(7);
    expect(new Set(Object.values(levels))).toEqual(new Set(["anonymous"]));
  });

  it("an unknown HttpAuthLevel stops the app while it loads", async () => {
    await expect(registeredWith({ HttpAuthLevel: "open" })).rejects.toThrow(
      /'HttpAuthLevel' must be 'function' or 'anonymous', got 'open'/,
    );
  });
});
