// Table requests are bounded: a table service that never answers, or stops in the middle of a page, fails the attempt
// after the timeout; the SDK's retry policy retries it, then the count throws, so Durable retries the activity. Against a
// stand-in service on 127.0.0.1 that hangs, through the real TableClient pipeline.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { tableClientFor } from "../../../app/src/connection/tableClient";
import { runCountActivity } from "../../../app/src/query/countActivity";
import { collectIdentifications } from "../../../app/src/query/countDistinctIdentifications";
import { DistinctValues } from "../../../app/src/query/distinctValues";
import { countLimits } from "../../../app/src/query/queryLimits";
import { azuriteAccountKey, azuriteAccountName } from "../../support/azurite";
import { invocationContext } from "../../support/fakeDurableClient";

type Behaviour = (request: IncomingMessage, response: ServerResponse) => void;

const silent: Behaviour = () => undefined;
const stallsInTheBody: Behaviour = (_request, response) => {
  response.writeHead(200, { "Content-Type": "application/json;odata=nometadata" });
  response.write('{"value":[{"identificationNumber":"A"},');
};

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function hangingTableService(behaviour: Behaviour): Promise<{ connectionString: string; requests: () => number }> {
  let requests = 0;
  server = createServer((request, response) => {
    requests++;
    behaviour(request, response);
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${azuriteAccountName};AccountKey=${azuriteAccountKey};TableEndpoint=http://127.0.0.1:${port}/${azuriteAccountName};`,
    requests: () => requests,
  };
}

const clientFor = (connectionString: string) =>
  tableClientFor(connectionString, "audit", {
    allowInsecureConnection: true,
    source: "test",
    tokenCredential: () => {
      throw new Error("a keyed connection string needs no identity");
    },
    requestTimeoutMs: 200,
    // The retries' back-off only delays them: short here, the count of attempts is what the tests check.
    retryDelayMs: 10,
  });

/** The outcome, or "still pending" once `deadlineMs` passed: without a bound the query would hang the test instead. */
async function outcomeWithin(
  work: Promise<unknown>,
  deadlineMs = 30_000,
): Promise<{ rejected?: unknown; resolved?: unknown; pending?: true }> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<{ pending: true }>((resolve) => (timer = setTimeout(() => resolve({ pending: true }), deadlineMs)));
  try {
    return await Promise.race([
      work.then(
        (resolved) => ({ resolved }),
        (rejected: unknown) => ({ rejected }),
      ),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const filter = "PartitionKey eq '2024-03-01'";

describe("a table service that hangs", () => {
  it.each([
    ["never answers", silent],
    ["stops in the middle of a page", stallsInTheBody],
  ])("%s: each attempt times out, the SDK retries it, then the query fails with ETIMEDOUT", async (_name, behaviour) => {
    const service = await hangingTableService(behaviour);
    const outcome = await outcomeWithin(collectIdentifications(clientFor(service.connectionString), filter, new DistinctValues()));
    expect(outcome.rejected).toMatchObject({ name: "RestError", code: "ETIMEDOUT" });
    // The first attempt and the SDK's three retries (@azure/core-rest-pipeline DEFAULT_RETRY_POLICY_COUNT).
    expect(service.requests()).toBe(4);
  });

  it("the count activity throws it, so Durable retries the activity (not a permanent failure)", async () => {
    const service = await hangingTableService(silent);
    const client = clientFor(service.connectionString);
    const table = async () => ({ client, concurrency: 2, source: "test", freshlyResolved: true, forget: () => undefined });
    const outcome = await outcomeWithin(
      runCountActivity({ start: "2024-03-01", end: "2024-03-01" }, invocationContext(), table, countLimits({})),
    );
    expect(outcome.rejected).toMatchObject({ name: "RestError", code: "ETIMEDOUT" });
  });

  it("the caller's abort (another segment failed) still stops the query at once, without retries", async () => {
    const service = await hangingTableService(silent);
    const caller = new AbortController();
    const query = collectIdentifications(clientFor(service.connectionString), filter, new DistinctValues(), caller.signal);
    while (service.requests() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    caller.abort();
    const outcome = await outcomeWithin(query);
    expect(outcome.rejected).toMatchObject({ name: "AbortError" });
    expect(service.requests()).toBe(1);
  });
});
