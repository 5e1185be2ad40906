import { ConfigError, showValue, type ConfigIssue } from "../../infra/config/configError";
import { defaultNames } from "../../infra/config/naming";
import { readProjectConfig, zodIssues, type ConfigSource } from "../../infra/config/resolve";
import { bootstrapConfigSchema, deployers, type BootstrapConfig } from "./schema";
import type { BootstrapSettings, SignInAppSettings, StackAccess, TrustLevel } from "./settings";

export const mainProjectDefaults = { name: "durable-aks" } as const;

/** The stack the bootstrap treats as production unless `stacks.<stack>.production` says otherwise. */
export const defaultProductionStack = "prod";

function resolveStacks(config: BootstrapConfig, location: string, main: BootstrapSettings["mainProject"]): StackAccess[] {
  return Object.entries(config.stacks).map(([name, stack]) => ({
    name,
    deployer: stack.deployer,
    production: stack.production ?? name === defaultProductionStack,
    hostname: stack.hostname,
    // The main program's default name for the group (infra/config/naming.ts): it looks the group up by that name.
    resourceGroup: stack.resourceGroup ?? defaultNames({ project: main.name, stack: name }).resourceGroup,
    location: stack.location ?? location,
    promotesFrom: stack.promotesFrom,
    builds: !stack.promotesFrom,
    keyName: `${main.name}-${name}`,
  }));
}

function resolveSignIn(config: BootstrapConfig, main: BootstrapSettings["mainProject"]): Record<string, SignInAppSettings> {
  return Object.fromEntries(
    deployers.map((level) => [
      level,
      {
        displayName: config.signIn?.[level]?.displayName ?? `${main.name}-${level}-sign-in`,
        accessGroups: config.signIn?.[level]?.accessGroups ?? [],
        approverGroups: config.signIn?.[level]?.approverGroups ?? [],
      },
    ]),
  );
}

function resolveDefaults(config: BootstrapConfig, source: ConfigSource): BootstrapSettings {
  const location = config.location ?? source.values["azure-native:location"] ?? "westeurope";
  const mainProject = { name: config.mainProject?.name ?? mainProjectDefaults.name };
  const environments: Record<TrustLevel, string> = {
    preview: config.github.previewEnvironment ?? "preview",
    dev: config.github.devEnvironment ?? "dev",
    prod: config.github.productionEnvironment ?? "prod",
  };
  return {
    project: source.project,
    stack: source.stack,
    location,
    tags: { project: mainProject.name, purpose: "bootstrap", "managed-by": "pulumi", ...config.tags },
    mainProject,
    nameSuffix: config.nameSuffix,
    github: {
      repository: config.github.repository,
      subjectPrefix: config.github.subjectPrefix ?? `repo:${config.github.repository}`,
      environments,
      reviewers: config.github.reviewers,
    },
    names: {
      stateResourceGroup: config.names?.stateResourceGroup ?? `rg-${mainProject.name}-bootstrap`,
      stateStorageAccount: config.names?.stateStorageAccount,
      stateContainer: config.names?.stateContainer ?? "pulumi-state",
      secretsVault: config.names?.secretsVault,
    },
    state: { storageSku: config.state?.storageSku ?? "Standard_ZRS", softDeleteDays: config.state?.softDeleteDays ?? 30 },
    stacks: resolveStacks(config, location, mainProject),
    operatorGroups: config.operatorGroups,
    signIn: resolveSignIn(config, mainProject) as BootstrapSettings["signIn"],
  };
}

function promotionIssues(settings: BootstrapSettings, project: string): ConfigIssue[] {
  const names = settings.stacks.map((stack) => stack.name);
  return settings.stacks.flatMap((stack): ConfigIssue[] => {
    if (!stack.promotesFrom) return [];
    const key = `${project}:stacks.${stack.name}.promotesFrom`;
    if (stack.promotesFrom === stack.name)
      return [{ key, value: showValue(stack.promotesFrom), rule: "must name another stack: a stack cannot promote its own image" }];
    if (!names.includes(stack.promotesFrom))
      return [{ key, value: showValue(stack.promotesFrom), rule: `must name a stack listed under stacks (${names.join(", ")})` }];
    return [];
  });
}

/** A production stack keeps its trust boundary: only the protected environment deploys it, in a group of its own. */
function productionIssues(settings: BootstrapSettings, project: string): ConfigIssue[] {
  return settings.stacks
    .filter((stack) => stack.production)
    .flatMap((stack): ConfigIssue[] => {
      const issues: ConfigIssue[] = [];
      const why = `stack ${stack.name} is production (stacks.${stack.name}.production, default for the stack named ${defaultProductionStack})`;
      if (stack.deployer !== "prod")
        issues.push({
          key: `${project}:stacks.${stack.name}.deployer`,
          value: showValue(stack.deployer),
          rule: `must be prod: ${why}, and with ${stack.deployer} every merge to main and every approved pull-request preview would reach it`,
        });
      const sharing = settings.stacks.filter((other) => other !== stack && other.resourceGroup === stack.resourceGroup);
      if (sharing.length)
        issues.push({
          key: `${project}:stacks.${stack.name}.resourceGroup`,
          value: showValue(stack.resourceGroup),
          rule: `must be a resource group of its own: ${why}, and ${sharing.map((other) => other.name).join(", ")} would get roles in it`,
        });
      return issues;
    });
}

function environmentIssues(settings: BootstrapSettings, project: string): ConfigIssue[] {
  const keys: Record<TrustLevel, string> = { preview: "previewEnvironment", dev: "devEnvironment", prod: "productionEnvironment" };
  const seen = new Map<string, TrustLevel>();
  const issues: ConfigIssue[] = [];
  for (const level of ["prod", "dev", "preview"] as TrustLevel[]) {
    const name = settings.github.environments[level];
    const other = seen.get(name.toLowerCase());
    if (other)
      issues.push({
        key: `${project}:github.${keys[level]}`,
        value: showValue(name),
        rule: `must differ from github.${keys[other]}: each trust level's OIDC subject names its own environment`,
      });
    seen.set(name.toLowerCase(), level);
  }
  return issues;
}

/** Reads and validates the bootstrap config once; throws ConfigError naming every bad key, value and rule. */
export function resolveBootstrapSettings(source: ConfigSource): BootstrapSettings {
  const parsed = bootstrapConfigSchema.safeParse(readProjectConfig(source), { reportInput: true });
  if (!parsed.success) throw new ConfigError(source.stack, zodIssues(source.project, parsed.error));
  const settings = resolveDefaults(parsed.data, source);
  const issues = [
    ...promotionIssues(settings, source.project),
    ...productionIssues(settings, source.project),
    ...environmentIssues(settings, source.project),
  ];
  if (issues.length) throw new ConfigError(source.stack, issues);
  return settings;
}
