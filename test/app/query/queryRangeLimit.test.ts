import { afterEach, describe, expect, it, vi } from "vitest";
import { readAppSettings } from "../../../app/src/appSettings";
import { submitQuery } from "../../../app/src/http/submitQuery";
import { rangeTooLongError, validateSubmittedRange } from "../../../app/src/query/queryRange";
import { FakeDurableClient, httpRequest, invocationContext } from "../../support/fakeDurableClient";

function submit(query: string, client = new FakeDurableClient()) {
  return submitQuery(httpRequest({ url: `http://10.0.0.7:8080/api/submit/query${query}` }), client, invocationContext());
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("the maximum range (QueryMaxRangeDays)", () => {
  it("a range of exactly the maximum number of days (both ends included) is accepted, one more day is not", () => {
    expect(validateSubmittedRange("2024-01-01", "2024-01-31", 31)).toEqual({ ok: true, range: { start: "2024-01-01", end: "2024-01-31" } });
    expect(validateSubmittedRange("2024-01-01", "2024-02-01", 31)).toEqual({ ok: false, error: rangeTooLongError(31) });
  });

  it("the message names the maximum", () => {
    expect(rangeTooLongError(366)).toBe("Date range too long: at most 366 days.");
  });

  it("the original API's messages come first: a bad end is reported as such, whatever the length", () => {
    expect(validateSubmittedRange("2020-01-01", "abcd", 31)).toEqual({ ok: false, error: "Invalid end date format." });
  });

  it("submit: a whole calendar is answered with a 400 naming the default maximum, and nothing starts", async () => {
    const client = new FakeDurableClient();
    const response = await submit("?s=01/01/1900&e=31/12/2099", client);
    expect(response.status).toBe(400);
    expect(response.jsonBody).toEqual({ error: rangeTooLongError(366) });
    expect(client.started).toHaveLength(0);
  });

  it("submit: the app setting the process started with sets the maximum", async () => {
    vi.stubEnv("QueryMaxRangeDays", "7");
    vi.resetModules();
    const started = await import("../../../app/src/http/submitQuery.js");
    const submitAfterStart = (query: string) =>
      started.submitQuery(
        httpRequest({ url: `http://10.0.0.7:8080/api/submit/query${query}` }),
        new FakeDurableClient(),
        invocationContext(),
      );
    expect((await submitAfterStart("?s=2024-01-01&e=2024-01-08")).jsonBody).toEqual({ error: rangeTooLongError(7) });
    expect((await submitAfterStart("?s=2024-01-01&e=2024-01-07")).status).toBe(202);
  });

  it("a malformed maximum is a configuration error naming the setting, at start-up, not a silent default", () => {
    expect(() => readAppSettings({ QueryMaxRangeDays: "lots" })).toThrow(/'QueryMaxRangeDays' must be a whole number/);
  });
});
