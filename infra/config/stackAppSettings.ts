import { z } from "zod";
import { appSettingBounds, appSettingDefaults, appSettingNames, hostJson, hostSettingNames } from "../../app/src/contract";
import { maximumConcurrentFunctionsPerWorker as perWorker } from "./platformLimits";
import { timeSpanWithin } from "./rules";

// The ONE table of app settings a stack can configure: config key -> the setting it is delivered as, the rule config
// checks, and the default (one value, or one per environment). The schema section (schema.ts spreads
// stackAppSettingShapes), the Settings type (settings.ts), the resolution (resolve.ts) and the app-settings map
// (workload/appSettings.ts) are derived from it, so adding such a setting is one entry here (docs/configuration-app-settings.md).

export type Environment = "dev" | "prod";

export interface StackAppSetting<Rule extends z.ZodType = z.ZodType> {
  /** The app or host setting the value reaches the app as (app/src/contract/settingNames.ts). */
  readonly setting: string;
  /** What the stack file may hold; its messages are the rule a config error names. */
  readonly rule: Rule;
  /** When the stack file says nothing: one value, or one per environment. */
  readonly default: z.output<Rule> | { readonly dev: z.output<Rule>; readonly prod: z.output<Rule> };
  /**
   * The default is app/host.json's value. On App Service the Elastic Premium scale controller reads app/host.json, not
   * the host.json overrides among the app settings, so there a different value is refused (change app/host.json instead).
   */
  readonly fromHostJson?: true;
}

const entry = <Rule extends z.ZodType>(spec: StackAppSetting<Rule>) => spec;

/** The app's own fallback (app/src/contract): the stack default where environments do not differ. */
const appFallback = (name: keyof typeof appSettingDefaults) => appSettingDefaults[name];
const appFallbackNumber = (name: keyof typeof appSettingDefaults) => Number(appSettingDefaults[name]);

function wholeNumber({ min, max }: { min: number; max: number }, unit: string) {
  const rule = `must be ${min}-${max} ${unit}`;
  return z.int(`must be a whole number of ${unit}`).min(min, rule).max(max, rule);
}

const durableTask = hostJson.extensions.durableTask;

/** A worker takes up to this many messages at once and holds them while its one Node process works through them. */
const concurrencyPerWorker = z
  .int("must be a whole number")
  .positive("must be a positive whole number")
  .max(
    perWorker,
    `must be at most ${perWorker} per worker: one Node process runs them all, and messages a busy worker holds are work idle replicas cannot take`,
  );

export const stackAppSettings = {
  query: {
    maxRangeDays: entry({
      setting: appSettingNames.queryMaxRangeDays,
      rule: wholeNumber(appSettingBounds[appSettingNames.queryMaxRangeDays], "days"),
      default: appFallbackNumber(appSettingNames.queryMaxRangeDays),
    }),
  },
  durable: {
    // Completed, failed and terminated orchestrations older than this are purged by the app's timer.
    historyRetentionDays: entry({
      setting: appSettingNames.historyRetentionDays,
      rule: wholeNumber(appSettingBounds[appSettingNames.historyRetentionDays], "days"),
      default: { dev: appFallbackNumber(appSettingNames.historyRetentionDays), prod: 90 },
    }),
    maxConcurrentActivityFunctions: entry({
      setting: hostSettingNames.maxConcurrentActivityFunctions,
      rule: concurrencyPerWorker,
      default: durableTask.maxConcurrentActivityFunctions,
      fromHostJson: true,
    }),
    maxConcurrentOrchestratorFunctions: entry({
      setting: hostSettingNames.maxConcurrentOrchestratorFunctions,
      rule: concurrencyPerWorker,
      default: durableTask.maxConcurrentOrchestratorFunctions,
      fromHostJson: true,
    }),
    // Control queues of the task hub, fixed when the hub is created; the Azure Storage backend takes 1-16
    // (learn.microsoft.com/azure/azure-functions/durable/durable-functions-host-json-settings).
    partitionCount: entry({
      setting: hostSettingNames.partitionCount,
      rule: wholeNumber({ min: 1, max: 16 }, "partitions"),
      default: durableTask.storageProvider.partitionCount,
      fromHostJson: true,
    }),
    // After idle, a message another worker enqueued waits up to this long per orchestration step; every idle queue costs one
    // poll per interval (estimate in docs/configuration-app-settings.md). Upstream default 30 s
    // (azure-functions-durable-extension src/WebJobs.Extensions.DurableTask/Options/AzureStorageOptions.cs).
    maxQueuePollingInterval: entry({
      setting: hostSettingNames.maxQueuePollingInterval,
      rule: timeSpanWithin(1, 300),
      default: { dev: "00:00:30", prod: "00:00:05" },
    }),
  },
  storage: {
    auditTableName: entry({
      setting: appSettingNames.auditTableName,
      rule: z.string().regex(/^[A-Za-z][A-Za-z0-9]{2,62}$/, "must be 3-63 letters or digits and start with a letter"),
      default: appFallback(appSettingNames.auditTableName),
    }),
  },
  appConfiguration: {
    connectionStringKey: entry({
      setting: appSettingNames.appConfigConnectionKey,
      rule: z.string().regex(/^[^%*,\\]{1,256}$/, "must be 1-256 characters without %, *, comma or backslash"),
      default: appFallback(appSettingNames.appConfigConnectionKey),
    }),
    label: entry({
      setting: appSettingNames.appConfigConnectionLabel,
      rule: z.string().regex(/^[^%*,\\]{1,128}$/, "must be 1-128 characters without %, *, comma or backslash"),
      default: appFallback(appSettingNames.appConfigConnectionLabel),
    }),
  },
} as const;

type Table = typeof stackAppSettings;
type RuleOf<Spec> = Spec extends StackAppSetting<infer Rule> ? Rule : never;

/** The resolved values, by config group and key: what Settings carries for each table entry. */
export type StackAppSettingValues = {
  -readonly [Group in keyof Table]: { -readonly [Key in keyof Table[Group]]: z.output<RuleOf<Table[Group][Key]>> };
};

/** Each group's keys as optional zod fields, for the config schema. */
export type StackAppSettingShapes = {
  [Group in keyof Table]: { [Key in keyof Table[Group]]: z.ZodOptional<RuleOf<Table[Group][Key]>> };
};

export interface StackAppSettingRow {
  /** The config key as a user writes it with `pulumi config set --path`, e.g. `durable.historyRetentionDays`. */
  path: string;
  group: string;
  key: string;
  spec: StackAppSetting;
}

/** Every entry of the table, flattened. */
export const stackAppSettingRows: readonly StackAppSettingRow[] = Object.entries(stackAppSettings).flatMap(([group, entries]) =>
  Object.entries(entries as Record<string, StackAppSetting>).map(([key, spec]) => ({ path: `${group}.${key}`, group, key, spec })),
);

const byGroup = <T>(value: (row: StackAppSettingRow) => T): Record<string, Record<string, T>> => {
  const groups: Record<string, Record<string, T>> = {};
  for (const row of stackAppSettingRows) (groups[row.group] ??= {})[row.key] = value(row);
  return groups;
};

export const stackAppSettingShapes = byGroup((row) => row.spec.rule.optional()) as unknown as StackAppSettingShapes;

const perEnvironment = (value: unknown): value is Record<Environment, unknown> =>
  typeof value === "object" && value !== null && "dev" in value && "prod" in value;

/** The entry's default for an environment. */
export function defaultFor(spec: StackAppSetting, environment: Environment): unknown {
  return perEnvironment(spec.default) ? spec.default[environment] : spec.default;
}

/** Each entry's value: the stack file's (already checked by the schema), else the environment's default. */
export function resolveStackAppSettings(config: Record<string, unknown>, environment: Environment): StackAppSettingValues {
  return byGroup((row) => {
    const configured = (config[row.group] as Record<string, unknown> | undefined)?.[row.key];
    return configured ?? defaultFor(row.spec, environment);
  }) as StackAppSettingValues;
}

/** The app settings the entries become: setting name -> the value as text. */
export function stackAppSettingMap(values: StackAppSettingValues): Record<string, string> {
  const groups = values as unknown as Record<string, Record<string, unknown>>;
  return Object.fromEntries(stackAppSettingRows.map((row) => [row.spec.setting, String(groups[row.group]![row.key])]));
}
