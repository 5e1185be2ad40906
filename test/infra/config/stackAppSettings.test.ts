// The one table of stack-configurable app settings: each entry reaches the schema, Settings and the app-settings map
// with no other edit, under the setting name the app reads.
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError, resolveSettings, type ConfigSource } from "../../../infra/config";
import { stackConfigSchema } from "../../../infra/config/schema";
import { defaultFor, stackAppSettingRows } from "../../../infra/config/stackAppSettings";
import { buildAppSettings, type AppSettingsArgs } from "../../../infra/workload/appSettings";

function settingsFor(stack: "dev" | "prod", values: Record<string, unknown> = {}) {
  const source: ConfigSource = {
    organization: "contoso",
    project: "durable-aks",
    stack,
    values: {
      "durable-aks:hosting": "appService",
      "durable-aks:auth": JSON.stringify({
        clientId: "00000000-0000-0000-0000-00000000000a",
        tenantId: "00000000-0000-0000-0000-00000000000b",
      }),
      ...Object.fromEntries(Object.entries(values).map(([key, value]) => [`durable-aks:${key}`, JSON.stringify(value)])),
    },
    isSecret: () => false,
    secret: () => undefined,
  };
  return resolveSettings(source);
}

function plainMap(settings: ReturnType<typeof settingsFor>) {
  const args: AppSettingsArgs = {
    settings,
    appConfigurationEndpoint: "https://appcs.azconfig.io",
    identityClientId: "00000000-0000-0000-0000-000000000000",
    storageAccountName: "stdurable",
    storageConnectionStringSecretUri: "https://kv.vault.azure.net/secrets/storage",
    applicationInsightsConnectionString: pulumi.output("InstrumentationKey=x"),
  };
  return buildAppSettings(args).plain;
}

const schemaKeys = (() => {
  const keys: string[] = [];
  const walk = (schema: z.ZodType, prefix: string) => {
    const inner = schema instanceof z.ZodOptional ? schema.unwrap() : schema;
    if (inner instanceof z.ZodObject)
      for (const [key, value] of Object.entries(inner.shape as Record<string, z.ZodType>)) walk(value, prefix ? `${prefix}.${key}` : key);
    else keys.push(prefix);
  };
  walk(stackConfigSchema, "");
  return keys;
})();

describe("the table of stack-configurable app settings", () => {
  it("holds the settings that were spread over four default files", () => {
    expect(stackAppSettingRows.map((row) => row.path)).toEqual(
      expect.arrayContaining([
        "query.maxRangeDays",
        "durable.historyRetentionDays",
        "durable.maxConcurrentActivityFunctions",
        "durable.maxConcurrentOrchestratorFunctions",
        "durable.partitionCount",
        "storage.auditTableName",
        "appConfiguration.connectionStringKey",
        "appConfiguration.label",
      ]),
    );
  });

  it.each(stackAppSettingRows.map((row) => [row.path, row] as const))("%s is a config key of the schema", (path) => {
    expect(schemaKeys).toContain(path);
  });

  it.each(stackAppSettingRows.map((row) => [row.path, row] as const))(
    "%s: each environment's default reaches Settings and the app-settings map as text",
    (_path, row) => {
      for (const stack of ["dev", "prod"] as const) {
        const settings = settingsFor(stack);
        const value = (settings as unknown as Record<string, Record<string, unknown>>)[row.group]![row.key];
        expect(value, stack).toEqual(defaultFor(row.spec, stack));
        expect(plainMap(settings)[row.spec.setting], stack).toBe(String(value));
      }
    },
  );

  it("keeps history 30 days in dev and 90 in prod", () => {
    expect(plainMap(settingsFor("dev"))).toMatchObject({ DurableHistoryRetentionDays: "30" });
    expect(plainMap(settingsFor("prod"))).toMatchObject({ DurableHistoryRetentionDays: "90" });
  });

  it("takes a stack file's value over the default", () => {
    const settings = settingsFor("prod", { durable: { historyRetentionDays: 7 }, storage: { auditTableName: "audit2" } });
    expect(plainMap(settings)).toMatchObject({ DurableHistoryRetentionDays: "7", AuditTableName: "audit2" });
  });

  it.each(stackAppSettingRows.filter((row) => row.spec.fromHostJson).map((row) => [row.path, row] as const))(
    "%s: on App Service a value other than app/host.json's is refused (the scale controller reads host.json)",
    (path, row) => {
      const other = Number(defaultFor(row.spec, "dev")) + 1;
      let error: unknown;
      try {
        settingsFor("dev", { [row.group]: { [row.key]: other } });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain(`durable-aks:${path} = ${other}: must equal app/host.json's value`);
    },
  );
});
