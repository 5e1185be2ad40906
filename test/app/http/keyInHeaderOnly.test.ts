// Item: status URL on App Service. With function keys (App Service), a key sent as `?code=` would not travel with the
// statusUri/Location the app hands out, and the poll would get a 401. Both hostings therefore take credentials only in
// headers (x-functions-key on App Service, the ingress's Authorization/cookie on AKS) and refuse a key in the URL,
// so the status URL is polled as given, with the same header the submit used.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getStatus } from "../../../app/src/http/getStatus";
import { functionKeyHeader, keyInHeaderOnly, keyInUrlError } from "../../../app/src/http/keyInHeaderOnly";
import { submitQuery } from "../../../app/src/http/submitQuery";
import { FakeDurableClient, httpRequest, invocationContext, responseText } from "../../support/fakeDurableClient";

const key = "k3y-Th4t-Must-Not-Leak==";
const submit = keyInHeaderOnly(submitQuery);
const poll = keyInHeaderOnly(getStatus);
const origin = "https://func-durable-dev.azurewebsites.net";

beforeEach(() => {
  vi.stubEnv("WEBSITE_HOSTNAME", "func-durable-dev.azurewebsites.net");
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("function key: in a header, never in a URL", () => {
  it.each(["code", "CODE", "Code"])(
    "refuses a key in the query string (%s=) with 400 naming the header, and starts nothing",
    async (name) => {
      const client = new FakeDurableClient();
      const response = await submit(
        httpRequest({ url: `${origin}/api/submit/query?s=01/03/2024&e=31/03/2024&${name}=${encodeURIComponent(key)}` }),
        client,
        invocationContext(),
      );
      expect(response.status).toBe(400);
      expect(response.jsonBody).toEqual({ error: keyInUrlError });
      expect(keyInUrlError).toContain(functionKeyHeader);
      expect(responseText(response)).not.toContain(key);
      expect(client.started).toHaveLength(0);
    },
  );

  it("with the key in the header: 202 whose statusUri and Location carry no key, and the poll of that URL with the same header succeeds", async () => {
    const client = new FakeDurableClient();
    const headers = { [functionKeyHeader]: key, "x-forwarded-proto": "https" };
    const accepted = await submit(
      httpRequest({ url: `${origin}/api/submit/query?s=01/03/2024&e=31/03/2024`, headers }),
      client,
      invocationContext(),
    );
    expect(accepted.status).toBe(202);
    expect(responseText(accepted)).not.toContain(key);
    const statusUri = (accepted.jsonBody as { statusUri: string }).statusUri;
    expect(statusUri).toBe((accepted.headers as Record<string, string>).Location);
    expect(new URL(statusUri).search).toBe("");
    const id = (accepted.jsonBody as { id: string }).id;
    const polled = await poll(httpRequest({ url: statusUri, params: { id }, headers }), client, invocationContext());
    expect(polled.status).toBe(200);
    expect(responseText(polled)).not.toContain(key);
  });

  it("refuses a status poll with the key in the URL the same way", async () => {
    const client = new FakeDurableClient();
    const response = await poll(
      httpRequest({ url: `${origin}/api/status/abc?code=${key}`, params: { id: "abc" } }),
      client,
      invocationContext(),
    );
    expect(response.status).toBe(400);
    expect(responseText(response)).not.toContain(key);
  });
});
