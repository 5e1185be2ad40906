import fc from "fast-check";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getStatus } from "../../../app/src/http/getStatus";
import { startPattern } from "../../../app/src/http/startPattern";
import { processAppSettings } from "../../../app/src/appSettings";
import { submitQuery } from "../../../app/src/http/submitQuery";
import { isIsoDay } from "../../../app/src/query/calendarDay";
import { rangeErrors, rangeTooLongError } from "../../../app/src/query/queryRange";
import { appSettingDefaults, appSettingNames } from "../../../app/src/contract/settingNames";
import { fixedCaller, submitter } from "../../support/callers";
import { FakeDurableClient, httpRequest, invocationContext, managementUrlMarkers, responseText } from "../../support/fakeDurableClient";
import { OrchestrationRuntimeStatus } from "durable-functions";
import type { HttpResponseInit } from "@azure/functions";

const runs = 1000;

// The settings are read once, as the entry module reads them at start-up, before any test changes the environment.
beforeAll(() => {
  processAppSettings();
});

afterEach(() => {
  vi.unstubAllEnvs();
});

function expectNoLeak(response: HttpResponseInit): void {
  expect(response.status ?? 200).toBeLessThan(500);
  const text = responseText(response);
  for (const marker of managementUrlMarkers) expect(text).not.toContain(marker);
}

const twoDigits = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, "0"));
/** Near-misses as well as valid days: real and impossible days, both orders, odd separators, padding. */
const dateLike = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 10000 }))
    .map(([d, m, y]) => `${d}/${m}/${y}`),
  fc.tuple(fc.integer({ min: 0, max: 10000 }), twoDigits, twoDigits).map(([y, m, d]) => `${String(y).padStart(4, "0")}-${m}-${d}`),
  fc
    .tuple(twoDigits, twoDigits, fc.integer({ min: 1900, max: 2100 }), fc.constantFrom(".", "-", " ", "//", "\\"))
    .map(([d, m, y, sep]) => `${d}${sep}${m}${sep}${y}`),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.constantFrom(
    "",
    " ",
    "null",
    "undefined",
    "0",
    "-1",
    "1e309",
    "2021-02-29",
    "29/02/2024",
    "31/12/9999",
    "01/01/0001",
    "%",
    "&e=",
    "\u0000",
  ),
);

describe("fuzz: GET /api/submit/query", () => {
  it(`${runs} generated start/end pairs, proxies and host names: no 5xx, only the original API's messages, no leaked URL`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.option(dateLike, { nil: undefined }),
        fc.option(dateLike, { nil: undefined }),
        fc.option(fc.oneof(fc.constantFrom("https", "http", "HTTPS, http"), fc.string({ maxLength: 10 })), { nil: undefined }),
        fc.oneof(fc.constant(""), fc.domain(), fc.string({ maxLength: 30 })),
        async (start, end, forwardedProto, hostname) => {
          vi.stubEnv("WEBSITE_HOSTNAME", hostname);
          const url = new URL("http://127.0.0.1:8080/api/submit/query");
          if (start !== undefined) url.searchParams.set("s", start);
          if (end !== undefined) url.searchParams.set("e", end);
          const client = new FakeDurableClient();
          const headers: Record<string, string> = forwardedProto === undefined ? {} : { "x-forwarded-proto": forwardedProto };
          const response = await submitQuery(httpRequest({ url: url.href, headers }), client, invocationContext());

          expectNoLeak(response);
          if (response.status === 400) {
            expect([
              ...Object.values(rangeErrors),
              rangeTooLongError(Number(appSettingDefaults[appSettingNames.queryMaxRangeDays])),
            ]).toContain((response.jsonBody as { error: string }).error);
            expect(client.started).toHaveLength(0);
          } else {
            expect(response.status).toBe(202);
            const body = response.jsonBody as { id: string; statusUri: string };
            expect(Object.keys(body).sort()).toEqual(["id", "statusUri"]);
            // On WEBSITE_HOSTNAME's host, or relative: never on the request's own host (127.0.0.1 here).
            expect(body.statusUri).toMatch(/^(https?:\/\/[A-Za-z0-9.:-]+)?\/api\/status\/[0-9a-f]{32}$/);
            if (!body.statusUri.startsWith("/")) {
              expect(body.statusUri.replace(/^https?:\/\//, "").startsWith(`${hostname.trim()}/api/status/`)).toBe(true);
            }
            const input = client.started[0]?.input as { start: string; end: string };
            expect(isIsoDay(input.start) && isIsoDay(input.end) && input.start < input.end).toBe(true);
          }
        },
      ),
      { numRuns: runs },
    );
  });
});

describe("fuzz: GET /api/status/{id}", () => {
  const known = "433ebcfe85ec4012abe94dcda2aa6b00";
  const id = fc.oneof(
    fc.string({ maxLength: 120 }),
    fc.string({ unit: "grapheme", maxLength: 40 }),
    fc.stringMatching(/^[0-9a-f]{32}$/),
    fc.constantFrom(known, "", "..", "../../admin", "%2e%2e", "a?b=c", "x#y", "@counter@k", "x".repeat(100), "x".repeat(101)),
  );

  it(`${runs} generated ids: 200, 400 or 404 only, and never more than {id, status, result}`, async () => {
    await fc.assert(
      fc.asyncProperty(id, fc.constantFrom(...Object.values(OrchestrationRuntimeStatus)), async (instanceId, runtimeStatus) => {
        const client = new FakeDurableClient();
        await client.startNew("queryOrchestrator");
        const status = await client.getStatus(client.started[0]!.instanceId);
        client.instances.set(known, { ...status, instanceId: known, runtimeStatus, output: 7 });
        const response = await getStatus(
          httpRequest({ url: "http://127.0.0.1/api/status/x", params: { id: instanceId } }),
          client,
          invocationContext(),
        );

        expectNoLeak(response);
        expect([200, 400, 404]).toContain(response.status);
        if (response.status === 200) expect(Object.keys(response.jsonBody as object).sort()).toEqual(["id", "result", "status"]);
      }),
      { numRuns: runs },
    );
  });
});

describe("fuzz: POST /api/patterns/{name}", () => {
  it(`${runs} generated names and bodies: 202, 400 or 404 only`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constantFrom("chaining", "fan-out-fan-in", "approval", "monitor", "__proto__", "constructor"),
          fc.string({ maxLength: 20 }),
        ),
        fc.oneof(fc.json(), fc.string({ maxLength: 50 }), fc.constant(undefined)),
        async (name, body) => {
          const request = httpRequest({ url: "http://127.0.0.1/api/patterns/x", method: "POST", params: { name }, body });
          const response = await startPattern(request, new FakeDurableClient(), invocationContext(), fixedCaller(submitter));
          expectNoLeak(response);
          expect([202, 400, 404]).toContain(response.status);
        },
      ),
      { numRuns: runs },
    );
  });
});
