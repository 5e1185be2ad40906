// query.maxRangeDays and durable.historyRetentionDays: config -> Settings -> the one app-settings map -> the app's names.
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { appSettingNames } from "../../../app/src/contract/settingNames";
import { buildAppSettings, type AppSettingsArgs } from "../../../infra/workload/appSettings";
import { ConfigError, resolveSettings, type ConfigSource } from "../../../infra/config";

function settingsFor(stack: "dev" | "prod", values: Record<string, string> = {}) {
  const source: ConfigSource = {
    organization: "contoso",
    project: "durable-aks",
    stack,
    values: {
      "durable-aks:hosting": "appService",
      "durable-aks:auth": JSON.stringify({
        clientId: "00000000-0000-0000-0000-000000000001",
        tenantId: "00000000-0000-0000-0000-000000000002",
      }),
      ...values,
    },
    isSecret: () => false,
    secret: () => undefined,
  };
  return resolveSettings(source);
}

function plainMap(stack: "dev" | "prod", values: Record<string, string> = {}) {
  // Placeholders for every storage/monitoring argument the map has taken (keyed or keyless), so the test does not
  // depend on how the host reaches storage: only the two settings below are under test.
  const args = {
    settings: settingsFor(stack, values),
    appConfigurationEndpoint: "https://appcs.azconfig.io",
    identityClientId: "00000000-0000-0000-0000-000000000000",
    storageAccountName: "stdurable",
    storageConnectionString: pulumi.output("UseDevelopmentStorage=true"),
    storageConnectionStringSecretUri: "https://kv.vault.azure.net/secrets/storage",
    applicationInsightsConnectionString: "InstrumentationKey=00000000-0000-0000-0000-000000000000",
  } as AppSettingsArgs;
  return buildAppSettings(args).plain;
}

describe("query.maxRangeDays and durable.historyRetentionDays", () => {
  it("defaults: 366 days of range; history kept 30 days in dev, 90 in prod, delivered under the app's setting names", () => {
    expect(plainMap("dev")).toMatchObject({ [appSettingNames.queryMaxRangeDays]: "366", [appSettingNames.historyRetentionDays]: "30" });
    expect(plainMap("prod")).toMatchObject({ [appSettingNames.queryMaxRangeDays]: "366", [appSettingNames.historyRetentionDays]: "90" });
  });

  it("stack config sets both", () => {
    const values = {
      "durable-aks:query": JSON.stringify({ maxRangeDays: 31 }),
      "durable-aks:durable": JSON.stringify({ historyRetentionDays: 7 }),
    };
    expect(plainMap("dev", values)).toMatchObject({
      [appSettingNames.queryMaxRangeDays]: "31",
      [appSettingNames.historyRetentionDays]: "7",
    });
  });

  it.each([
    ["query", { maxRangeDays: 0 }, "query.maxRangeDays", /1-36525 days/],
    ["query", { maxRangeDays: 1.5 }, "query.maxRangeDays", /./],
    ["durable", { historyRetentionDays: 3651 }, "durable.historyRetentionDays", /1-3650 days/],
  ])("%s %j is a ConfigError naming %s", (section, value, key, rule) => {
    let error: unknown;
    try {
      settingsFor("dev", { [`durable-aks:${section}`]: JSON.stringify(value) });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issue = (error as ConfigError).issues.find((candidate) => candidate.key === `durable-aks:${key}`);
    expect(issue?.rule).toMatch(rule);
  });
});
