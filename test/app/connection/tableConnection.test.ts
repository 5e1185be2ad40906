import { seedTableClient } from "../../../app/scripts/seedTableClient";
import { secretReferenceContentType, type ConfigurationSetting } from "@azure/app-configuration";
import { RestError } from "@azure/data-tables";
import type { TokenCredential } from "@azure/identity";
import { describe, expect, it, vi } from "vitest";
import { resolveTableConnectionString, type SecretStores } from "../../../app/src/connection/resolveTableConnectionString";
import { cachedAuditTable } from "../../../app/src/query/auditTable";
import { runCountActivity } from "../../../app/src/query/countActivity";
import { countDistinctIdentifications } from "../../../app/src/query/countDistinctIdentifications";
import { ConfigurationError } from "../../../app/src/settings";
import { invocationContext } from "../../support/fakeDurableClient";

const endpoint = "https://appcs-dev.azconfig.io";
const secretId = "https://kv-dev.vault.azure.net/secrets/storage-connection/0123456789abcdef";
const storageConnection = "DefaultEndpointsProtocol=https;AccountName=stdev;AccountKey=a2V5;EndpointSuffix=core.windows.net";

function keyVaultReference(uri: string): ConfigurationSetting {
  return {
    key: "storage-account-connection-string",
    label: "async-http-api",
    contentType: secretReferenceContentType,
    value: JSON.stringify({ uri }),
    isReadOnly: false,
  };
}

/** A credential that records the scopes it was asked for and refuses: proves a request would carry a bearer token. */
function recordingCredential(calls: string[]): TokenCredential {
  return {
    getToken: async (scopes) => {
      calls.push(`token ${[scopes].flat().join(" ")}`);
      throw new Error("no token in unit tests");
    },
  };
}

/** Fake stores that record what they were asked. */
function stores(setting: ConfigurationSetting | undefined, secrets: Record<string, string> = {}) {
  const calls: string[] = [];
  const fake: SecretStores = {
    tokenCredential: () => recordingCredential(calls),
    readSetting: async (url, key, label) => {
      calls.push(`setting ${url} ${key} ${label}`);
      return setting;
    },
    readSecret: async (vaultUrl, name, version) => {
      calls.push(`secret ${vaultUrl} ${name} ${version}`);
      return secrets[name];
    },
  };
  return { fake, calls };
}

describe("resolveTableConnectionString (App Configuration, then the Key Vault reference)", () => {
  it("follows the App Configuration Key Vault reference, with the default key and label", async () => {
    const { fake, calls } = stores(keyVaultReference(secretId), { "storage-connection": storageConnection });
    const resolved = await resolveTableConnectionString({ AppConfigEndpoint: endpoint }, fake);
    expect(resolved).toMatchObject({ connectionString: storageConnection, origin: "appConfiguration" });
    expect(calls).toEqual([
      `setting ${endpoint} storage-account-connection-string async-http-api`,
      "secret https://kv-dev.vault.azure.net storage-connection 0123456789abcdef",
    ]);
  });

  it("key and label come from their settings when set", async () => {
    const { fake, calls } = stores(keyVaultReference(secretId), { "storage-connection": storageConnection });
    await resolveTableConnectionString(
      { AppConfigEndpoint: endpoint, AppConfigConnectionStringKey: "k", AppConfigConnectionStringLabel: "prod" },
      fake,
    );
    expect(calls[0]).toBe(`setting ${endpoint} k prod`);
  });

  it("a plain (non-reference) App Configuration value is used as is", async () => {
    const { fake } = stores({ key: "k", value: storageConnection, isReadOnly: false });
    expect((await resolveTableConnectionString({ AppConfigEndpoint: endpoint }, fake)).connectionString).toBe(storageConnection);
  });

  it("the explicit local setting wins and nothing remote is asked", async () => {
    const { fake, calls } = stores(undefined);
    const resolved = await resolveTableConnectionString(
      { AuditTableConnectionString: "UseDevelopmentStorage=true", AppConfigEndpoint: endpoint },
      fake,
    );
    expect(resolved).toMatchObject({ connectionString: "UseDevelopmentStorage=true", origin: "localSetting" });
    expect(calls).toEqual([]);
  });

  it.each([
    ["no endpoint", {}, undefined, /'AppConfigEndpoint' is missing or empty/],
    ["endpoint not a URL", { AppConfigEndpoint: "appcs-dev" }, undefined, /'AppConfigEndpoint' is not a URL/],
    ["endpoint over http", { AppConfigEndpoint: "http://appcs-dev.azconfig.io" }, undefined, /'AppConfigEndpoint' must be an https URL/],
    [
      "no such setting",
      { AppConfigEndpoint: endpoint },
      undefined,
      /'storage-account-connection-string' \(label 'async-http-api'.*AppConfigConnectionStringKey.*is missing or empty/,
    ],
    [
      "reference without a uri",
      { AppConfigEndpoint: endpoint },
      { ...keyVaultReference(secretId), value: "{}" },
      /Key Vault reference that cannot be parsed/,
    ],
    [
      "reference to a non-Key Vault URL",
      { AppConfigEndpoint: endpoint },
      keyVaultReference("https://example.com/not-a-secret"),
      /Key Vault reference that cannot be parsed/,
    ],
    [
      "secret missing in the vault",
      { AppConfigEndpoint: endpoint },
      keyVaultReference("https://kv-dev.vault.azure.net/secrets/absent"),
      /refers to the Key Vault secret .*absent.*missing or empty/,
    ],
  ])("%s: a ConfigurationError naming the setting", async (_name, env, setting, message) => {
    const { fake } = stores(setting as ConfigurationSetting | undefined, { "storage-connection": storageConnection });
    const failure = resolveTableConnectionString(env, fake);
    await expect(failure).rejects.toBeInstanceOf(ConfigurationError);
    await expect(failure).rejects.toThrow(message);
  });
});

describe("cachedAuditTable", () => {
  it("resolves once per process and shares the client", async () => {
    const { fake, calls } = stores(keyVaultReference(secretId), { "storage-connection": storageConnection });
    const provider = cachedAuditTable({ AppConfigEndpoint: endpoint }, fake);
    const [first, second] = await Promise.all([provider(), provider()]);
    expect(first.client).toBe(second.client);
    expect((await provider()).client).toBe(first.client);
    expect(calls).toHaveLength(2);
  });

  it("a forgotten table is resolved again on the next call; only a call that resolved says so", async () => {
    const { fake, calls } = stores(keyVaultReference(secretId), { "storage-connection": storageConnection });
    const provider = cachedAuditTable({ AppConfigEndpoint: endpoint }, fake);
    const first = await provider();
    const cached = await provider();
    expect([first.freshlyResolved, cached.freshlyResolved]).toEqual([true, false]);
    cached.forget();
    const again = await provider();
    expect(again.freshlyResolved).toBe(true);
    expect(again.client).not.toBe(first.client);
    expect(calls).toHaveLength(4);
    // A late forget from a caller that still holds the old table does not drop the new one.
    first.forget();
    expect((await provider()).client).toBe(again.client);
  });

  it("a failed resolution is not cached: the next call (a Durable retry) tries again", async () => {
    const readSetting = vi
      .fn<SecretStores["readSetting"]>()
      .mockRejectedValueOnce(new Error("App Configuration timed out"))
      .mockResolvedValue(keyVaultReference(secretId));
    const provider = cachedAuditTable(
      { AppConfigEndpoint: endpoint },
      { readSetting, readSecret: async () => storageConnection, tokenCredential: () => recordingCredential([]) },
    );
    await expect(provider()).rejects.toThrow(/timed out/);
    await expect(provider()).resolves.toMatchObject({ concurrency: 32 });
    expect(readSetting).toHaveBeenCalledTimes(2);
  });

  it.each([
    [{ AuditTableName: "audit-log" }, /'AuditTableName' must be 3-63 letters and digits/],
    [{ QueryConcurrency: "0" }, /'QueryConcurrency' must be a whole number from 1 to 64, got '0'/],
    [{ QueryConcurrency: "eight" }, /'QueryConcurrency' must be a whole number/],
    [{ AuditTableConnectionString: "not a connection string" }, /app setting 'AuditTableConnectionString' is malformed/],
  ])("malformed settings %j fail with a message naming the setting", async (env, message) => {
    await expect(
      cachedAuditTable({ AuditTableConnectionString: "UseDevelopmentStorage=true", ...env }, stores(undefined).fake)(),
    ).rejects.toThrow(message);
  });
});

describe("keyless table access: the app's identity when the value carries no key or SAS", () => {
  const range = { start: "2024-01-01", end: "2024-01-01" };

  it.each([
    ["a connection string with only TableEndpoint", "TableEndpoint=https://stdev.table.core.windows.net/"],
    ["a bare table service URL", "https://stdev.table.core.windows.net/"],
    ["an account name without a key", "DefaultEndpointsProtocol=https;AccountName=stdev;EndpointSuffix=core.windows.net"],
  ])("%s: requests are authorised with a token for Azure Storage", async (_name, value) => {
    const { fake, calls } = stores({ key: "k", value, isReadOnly: false });
    const table = await cachedAuditTable({ AppConfigEndpoint: endpoint }, fake)();
    expect(table.client.url).toBe("https://stdev.table.core.windows.net/");
    await expect(countDistinctIdentifications(table.client, range, { concurrency: 1 })).rejects.toThrow(/no token in unit tests/);
    expect(calls.filter((call) => call.startsWith("token"))).toEqual(["token https://storage.azure.com/.default"]);
  });

  it("a connection string with a key uses the key, never the identity", async () => {
    const { fake, calls } = stores({ key: "k", value: storageConnection, isReadOnly: false });
    const table = await cachedAuditTable({ AppConfigEndpoint: endpoint }, fake)();
    expect(table.client.url).toBe("https://stdev.table.core.windows.net");
    expect(calls.filter((call) => call.startsWith("token"))).toEqual([]);
  });

  it("a keyless value over http is refused for App Configuration values", async () => {
    const { fake } = stores({ key: "k", value: "TableEndpoint=http://stdev.table.core.windows.net/", isReadOnly: false });
    await expect(cachedAuditTable({ AppConfigEndpoint: endpoint }, fake)()).rejects.toThrow(/must be an https URL/);
  });
});

describe("runCountActivity: which failures are retried", () => {
  const range = { start: "2024-01-01", end: "2024-01-02" };
  const failingTable = (error: Error) => async () => ({
    client: {
      listEntities: () => ({ byPage: () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }) }) }),
    } as never,
    concurrency: 2,
    source: "test",
    freshlyResolved: true,
    forget: () => undefined,
  });

  it.each([503, 500, 429, 408])("HTTP %i from the table service is thrown, so Durable retries it", async (statusCode) => {
    await expect(runCountActivity(range, invocationContext(), failingTable(new RestError("busy", { statusCode })))).rejects.toThrow("busy");
  });

  it("a network error is thrown, so Durable retries it", async () => {
    await expect(runCountActivity(range, invocationContext(), failingTable(new Error("ECONNRESET")))).rejects.toThrow("ECONNRESET");
  });

  it.each([401, 403])(
    "HTTP %i with a cached connection: the cache is dropped and the error thrown, so the retry resolves again",
    async (statusCode) => {
      const forget = vi.fn();
      const cachedTable = async () => ({
        ...(await failingTable(new RestError("denied", { statusCode }))()),
        freshlyResolved: false,
        forget,
      });
      await expect(runCountActivity(range, invocationContext(), cachedTable)).rejects.toThrow(`HTTP ${statusCode}`);
      expect(forget).toHaveBeenCalledOnce();
    },
  );

  it.each([400, 401, 403, 404])("HTTP %i is permanent: returned, not thrown", async (statusCode) => {
    const result = await runCountActivity(range, invocationContext(), failingTable(new RestError("no", { statusCode, code: "Nope" })));
    expect(result).toEqual({ ok: false, error: `The table query was rejected (HTTP ${statusCode}, Nope).` });
  });

  it("a configuration error is permanent and keeps its message", async () => {
    const result = await runCountActivity(range, invocationContext(), () =>
      Promise.reject(new ConfigurationError("The app setting 'AppConfigEndpoint' is missing or empty.")),
    );
    expect(result).toEqual({ ok: false, error: "The app setting 'AppConfigEndpoint' is missing or empty." });
  });
});

describe("the seed script reaches a keyless Azure table with the signed-in identity", () => {
  // Shared keys are off in Azure: `AuditTableConnectionString=TableEndpoint=https://<account>.table.core.windows.net/`
  // with a data role (Storage Table Data Contributor) must work, as a keyed Azurite string still does.
  it("a keyless endpoint gets a token credential; Azurite's connection string never asks for one", async () => {
    const calls: string[] = [];
    const keyless = seedTableClient({ AuditTableConnectionString: "TableEndpoint=https://stdev.table.core.windows.net/" }, () =>
      recordingCredential(calls),
    );
    expect(keyless.url).toBe("https://stdev.table.core.windows.net/");
    await expect(keyless.upsertEntity({ partitionKey: "p", rowKey: "r" })).rejects.toThrow(/no token in unit tests/);
    expect(calls).toEqual(["token https://storage.azure.com/.default"]);

    const local = seedTableClient({}, () => recordingCredential(calls));
    expect(local.url).toMatch(/^http:\/\/127\.0\.0\.1:10002\/devstoreaccount1/);
    expect(calls).toHaveLength(1);
  });
});
