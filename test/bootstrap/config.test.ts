import { describe, expect, it } from "vitest";
import { ConfigError } from "../../infra/config";
import { AzureMocks } from "../support/mockAzure/mocks";
import { runBootstrap } from "../../tools/render/runBootstrap";
import { sharedBootstrapRun } from "../support/programRuns";

// Each malformed bootstrap config stops the run with a message naming key, value and rule, before any resource.
const ns = "durable-aks-bootstrap";
const dev = { deployer: "dev", hostname: "durable-dev.example.com" };
const cases: Array<[title: string, overrides: Record<string, unknown>, key: string, rule: RegExp]> = [
  ["no repository", { github: undefined }, `${ns}:github`, /expected object/i],
  ["a repository without owner", { github: { repository: "durable-aks" } }, `${ns}:github.repository`, /<owner>\/<repository>/],
  ["no stacks", { stacks: undefined }, `${ns}:stacks`, /expected record|expected object/i],
  ["an empty stack list", { stacks: { dev: undefined, prod: undefined } }, `${ns}:stacks`, /at least one stack/],
  ["an unknown deployer", { stacks: { dev: { deployer: "qa" } } }, `${ns}:stacks.dev.deployer`, /dev .* or prod/],
  ["a stack name Pulumi refuses", { stacks: { "Dev Stack": dev } }, `${ns}:stacks.Dev Stack`, /stack name/],
  ["a hostname that is no DNS name", { stacks: { dev: { ...dev, hostname: "Durable_Dev" } } }, `${ns}:stacks.dev.hostname`, /DNS name/],
  [
    "promotion from an unknown stack",
    { stacks: { dev, prod: { deployer: "prod", promotesFrom: "staging" } } },
    `${ns}:stacks.prod.promotesFrom`,
    /must name a stack listed under stacks \(dev, prod\)/,
  ],
  [
    "promotion from itself",
    { stacks: { dev: { ...dev, promotesFrom: "dev" } } },
    `${ns}:stacks.dev.promotesFrom`,
    /cannot promote its own image/,
  ],
  [
    "a state account name Azure refuses",
    { names: { stateStorageAccount: "State-Account" } },
    `${ns}:names.stateStorageAccount`,
    /3-24 lowercase letters or digits/,
  ],
  ["a vault name with a double dash", { names: { secretsVault: "kv--state" } }, `${ns}:names.secretsVault`, /double dash/],
  [
    "a resource group name ending in a dot",
    { stacks: { dev: { ...dev, resourceGroup: "rg-dev." } } },
    `${ns}:stacks.dev.resourceGroup`,
    /not ending in '\.'/,
  ],
  ["a group id that is no GUID", { oauth2Proxy: { assignedGroups: ["admins"] } }, `${ns}:oauth2Proxy.assignedGroups.0`, /GUID/],
  ["soft delete of zero days", { state: { softDeleteDays: 0 } }, `${ns}:state.softDeleteDays`, /1-365 days/],
  ["a misspelt key", { stateAccount: "x" }, `${ns}:stateAccount`, /not a setting/],
];

describe.each(cases)("%s", (_title, overrides, key, rule) => {
  it("is a ConfigError naming the key, the value and the rule, and nothing is created", async () => {
    const mocks = new AzureMocks();
    const error = await runBootstrap({ stack: "subscription", config: overrides, mocks }).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(ConfigError);
    const issue = (error as ConfigError).issues.find((item) => item.key === key);
    expect(issue, (error as Error).message).toBeDefined();
    expect(issue!.rule).toMatch(rule);
    expect(issue!.value).not.toBe("");
    expect(mocks.resources).toEqual([]);
  });
});

it("the sample stack file is valid", async () => {
  const run = await sharedBootstrapRun("subscription");
  expect(run.settings.stacks.map((stack) => [stack.name, stack.deployer, stack.builds])).toEqual([
    ["dev", "dev", true],
    ["prod", "prod", false],
  ]);
});
