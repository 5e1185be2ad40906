import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { functionNames } from "../../app/src/contract/functionNames";
import { authLevelFor } from "../../app/src/http/authLevel";
import { httpTrigger, installFunctionsHostCapture, summarize, takeRegistrations } from "../support/functionsHostCapture";

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

describe("auth level (keys on App Service, the ingress authenticates in a container)", () => {
  it("function keys on App Service, anonymous in a container", () => {
    expect(authLevelFor({ WEBSITE_SITE_NAME: "func-dev" })).toBe("function");
    expect(authLevelFor({})).toBe("anonymous");
    expect(authLevelFor({ WEBSITE_SITE_NAME: "  " })).toBe("anonymous");
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

  it("in a container (no WEBSITE_SITE_NAME) every route is anonymous", async () => {
    const registered = await registeredWith({ WEBSITE_SITE_NAME: "" });
    const levels = registered
      .map(httpTrigger)
      .filter((trigger) => trigger !== undefined)
      .map((trigger) => trigger.authLevel);
    expect(levels.length).toBe(7);
    expect(new Set(levels)).toEqual(new Set(["anonymous"]));
  });

  it("on App Service (WEBSITE_SITE_NAME set) every route needs a function key, except the health probe", async () => {
    const registered = await registeredWith({ WEBSITE_SITE_NAME: "func-async-http-api-dev" });
    for (const fn of registered) {
      const trigger = httpTrigger(fn);
      if (trigger === undefined) continue;
      expect([fn.name, trigger.authLevel]).toEqual([fn.name, fn.name === functionNames.health ? "anonymous" : "function"]);
    }
  });
});
