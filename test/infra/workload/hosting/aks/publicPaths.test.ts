import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { publicPaths } from "../../../../../infra/workload/hosting/aks/publicPaths";

/** Every HTTP route the app registers, read from its one registration module. */
const appRoutes = [...readFileSync("app/src/index.ts", "utf8").matchAll(/route:\s*"([^"]+)"|durableRoute\([^,]+,\s*"([^"]+)"/g)].map(
  (match) => `/api/${match[1] ?? match[2]}`,
);

describe("paths the ingress exposes", () => {
  it("reads the app's routes", () => {
    expect(appRoutes).toContain("/api/health");
    expect(appRoutes).toContain("/api/submit/query");
    expect(appRoutes.length).toBeGreaterThanOrEqual(5);
  });

  it("cover every route of the app except the health probe", () => {
    for (const route of appRoutes.filter((item) => item !== "/api/health")) {
      expect(
        publicPaths.some((prefix) => route.startsWith(prefix)),
        `${route} is not reachable through the ingress`,
      ).toBe(true);
    }
  });

  it("never expose /api/health", () => {
    expect(publicPaths.some((prefix) => "/api/health".startsWith(prefix))).toBe(false);
  });
});
