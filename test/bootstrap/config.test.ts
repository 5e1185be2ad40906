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
  ["a group id that is no GUID", { signIn: { dev: { accessGroups: ["admins"] } } }, `${ns}:signIn.dev.accessGroups.0`, /GUID/],
  [
    "an approver group that is no GUID",
    { signIn: { prod: { approverGroups: ["approvers"] } } },
    `${ns}:signIn.prod.approverGroups.0`,
    /GUID/,
  ],
  // Owner holds no data actions: without an operator group nobody can log in to the backend the bootstrap creates.
  ["no operator group", { operatorGroups: undefined }, `${ns}:operatorGroups`, /Entra ID group object ids of the operators/],
  ["an empty operator group list", { operatorGroups: [] }, `${ns}:operatorGroups`, /at least one Entra ID group/],
  ["no reviewers", { github: { reviewers: undefined } }, `${ns}:github.reviewers`, /who approve previews/],
  [
    "a reviewer that is no login or team",
    { github: { reviewers: ["a b"] } },
    `${ns}:github.reviewers.0`,
    /login or <organization>\/<team slug>/,
  ],
  // GitHub's immutable subject claims: repo:<owner>@<id>/<repository>@<id>; anything else matches no token.
  ["a subject prefix without repo:", { github: { subjectPrefix: "contoso/durable-aks" } }, `${ns}:github.subjectPrefix`, /repo:<owner>/],
  [
    "the same environment for previews and dev",
    { github: { previewEnvironment: "dev" } },
    `${ns}:github.previewEnvironment`,
    /must differ from github.devEnvironment/,
  ],
  // A weakened prod: main (and approved pull-request previews) would reach it.
  [
    "prod deployed by dev",
    { stacks: { prod: { deployer: "dev" } } },
    `${ns}:stacks.prod.deployer`,
    /must be prod: stack prod is production/,
  ],
  [
    "a stack marked production deployed by dev",
    { stacks: { dev: { production: true } } },
    `${ns}:stacks.dev.deployer`,
    /must be prod: stack dev is production/,
  ],
  [
    "prod sharing dev's resource group",
    { stacks: { dev: { resourceGroup: "rg-shared" }, prod: { resourceGroup: "rg-shared" } } },
    `${ns}:stacks.prod.resourceGroup`,
    /must be a resource group of its own: .* dev would get roles in it/,
  ],
  [
    "prod in dev's default resource group",
    { stacks: { prod: { resourceGroup: "rg-durable-aks-dev" } } },
    `${ns}:stacks.prod.resourceGroup`,
    /resource group of its own/,
  ],
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

it("the sample stack file is valid: prod is the production stack", async () => {
  const run = await sharedBootstrapRun("subscription");
  expect(run.settings.stacks.map((stack) => [stack.name, stack.deployer, stack.builds, stack.production])).toEqual([
    ["dev", "dev", true, false],
    ["prod", "prod", false, true],
  ]);
  expect(run.settings.operatorGroups.length).toBeGreaterThan(0);
});

it("a stack may opt out of production explicitly, and another name may opt in", async () => {
  const run = await runBootstrap({
    stack: "subscription",
    config: { stacks: { prod: { production: false }, live: { deployer: "prod", promotesFrom: "dev", production: true } } },
  });
  expect(run.settings.stacks.map((stack) => [stack.name, stack.production])).toEqual([
    ["dev", false],
    ["prod", false],
    ["live", true],
  ]);
});

it("GitHub subjects default to the repository's name form and accept the immutable-id form", async () => {
  const byName = await sharedBootstrapRun("subscription");
  expect(byName.settings.github.subjectPrefix).toBe("repo:contoso/durable-aks");
  expect(byName.settings.github.environments).toEqual({ preview: "preview", dev: "dev", prod: "prod" });
  const byId = await runBootstrap({
    stack: "subscription",
    config: { github: { subjectPrefix: "repo:contoso@123456/durable-aks@456789" } },
  });
  expect(byId.settings.github.subjectPrefix).toBe("repo:contoso@123456/durable-aks@456789");
});
