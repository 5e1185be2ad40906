import { ConfigError, showValue, type ConfigIssue } from "../../infra/config/configError";
import { defaultNames } from "../../infra/config/naming";
import { readProjectConfig, zodIssues, type ConfigSource } from "../../infra/config/resolve";
import { bootstrapConfigSchema, type BootstrapConfig } from "./schema";
import type { BootstrapSettings, StackAccess } from "./settings";

export const mainProjectDefaults = { name: "durable-aks" } as const;

function resolveStacks(config: BootstrapConfig, location: string, main: BootstrapSettings["mainProject"]): StackAccess[] {
  return Object.entries(config.stacks).map(([name, stack]) => ({
    name,
    deployer: stack.deployer,
    hostname: stack.hostname,
    // The main program's default name for the group (infra/config/naming.ts): it looks the group up by that name.
    resourceGroup: stack.resourceGroup ?? defaultNames({ project: main.name, stack: name }).resourceGroup,
    location: stack.location ?? location,
    promotesFrom: stack.promotesFrom,
    builds: !stack.promotesFrom,
    keyName: `${main.name}-${name}`,
  }));
}

function resolveDefaults(config: BootstrapConfig, source: ConfigSource): BootstrapSettings {
  const location = config.location ?? source.values["azure-native:location"] ?? "westeurope";
  const mainProject = { name: config.mainProject?.name ?? mainProjectDefaults.name };
  return {
    project: source.project,
    stack: source.stack,
    location,
    tags: { project: mainProject.name, purpose: "bootstrap", "managed-by": "pulumi", ...config.tags },
    mainProject,
    nameSuffix: config.nameSuffix,
    github: { repository: config.github.repository, productionEnvironment: config.github.productionEnvironment ?? "prod" },
    names: {
      stateResourceGroup: config.names?.stateResourceGroup ?? `rg-${mainProject.name}-bootstrap`,
      stateStorageAccount: config.names?.stateStorageAccount,
      stateContainer: config.names?.stateContainer ?? "pulumi-state",
      secretsVault: config.names?.secretsVault,
    },
    state: { storageSku: config.state?.storageSku ?? "Standard_ZRS", softDeleteDays: config.state?.softDeleteDays ?? 30 },
    stacks: resolveStacks(config, location, mainProject),
    operatorGroups: config.operatorGroups ?? [],
    oauth2Proxy: {
      displayName: config.oauth2Proxy?.displayName ?? `${mainProject.name}-oauth2-proxy`,
      assignedGroups: config.oauth2Proxy?.assignedGroups ?? [],
    },
  };
}

function crossFieldIssues(settings: BootstrapSettings, source: ConfigSource): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const names = settings.stacks.map((stack) => stack.name);
  for (const stack of settings.stacks) {
    if (!stack.promotesFrom) continue;
    const key = `${source.project}:stacks.${stack.name}.promotesFrom`;
    if (stack.promotesFrom === stack.name)
      issues.push({ key, value: showValue(stack.promotesFrom), rule: "must name another stack: a stack cannot promote its own image" });
    else if (!names.includes(stack.promotesFrom))
      issues.push({ key, value: showValue(stack.promotesFrom), rule: `must name a stack listed under stacks (${names.join(", ")})` });
  }
  return issues;
}

/** Reads and validates the bootstrap config once; throws ConfigError naming every bad key, value and rule. */
export function resolveBootstrapSettings(source: ConfigSource): BootstrapSettings {
  const parsed = bootstrapConfigSchema.safeParse(readProjectConfig(source), { reportInput: true });
  if (!parsed.success) throw new ConfigError(source.stack, zodIssues(source.project, parsed.error));
  const settings = resolveDefaults(parsed.data, source);
  const issues = crossFieldIssues(settings, source);
  if (issues.length) throw new ConfigError(source.stack, issues);
  return settings;
}
