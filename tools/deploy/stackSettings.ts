import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { resolveSettings, type Settings } from "../../infra/config";
import { configForRuntime, projectName, repositoryRoot } from "../render/stackConfig";

export const stackFile = (stack: string, root = repositoryRoot) => path.join(root, `Pulumi.${stack}.yaml`);
export const hasStackFile = (stack: string, root = repositoryRoot) => existsSync(stackFile(stack, root));

/**
 * The stack's validated settings, read from its stack file as the program would read them (secrets as placeholders):
 * the command decides what to check and what to derive before it touches Pulumi or Azure. Throws the ConfigError
 * that names each bad key.
 */
export function readStackSettings(stack: string, overrides: Record<string, unknown> = {}, root = repositoryRoot): Settings {
  const project = projectName(root);
  const config = configForRuntime({ project, stack, configFile: stackFile(stack, root), overrides });
  return resolveSettings({
    organization: "organization",
    project,
    stack,
    values: config.values,
    isSecret: (key) => config.secretKeys.includes(key),
    secret: (key) => (config.values[`${project}:${key}`] === undefined ? undefined : pulumi.secret(config.values[`${project}:${key}`]!)),
  });
}

/** The project's keys of the stack file as written (unqualified, values unparsed): what the user has set. */
export function readStackConfigValues(stack: string, root = repositoryRoot): Record<string, unknown> {
  const project = projectName(root);
  const file = (parse(readFileSync(stackFile(stack, root), "utf8")) ?? {}) as { config?: Record<string, unknown> };
  return Object.fromEntries(
    Object.entries(file.config ?? {})
      .filter(([key]) => key.startsWith(`${project}:`))
      .map(([key, value]) => [key.slice(project.length + 1), value]),
  );
}

/** The quick path's stack file: a dev stack on App Service, built here, its Entra sign-in filled in by the command. */
export const quickPathStackFile = (
  stack: string,
) => `# ${stack}: the quick path (npm run up -- ${stack}): a dev stack on App Service, signed in with Entra ID at its
# <app>.azurewebsites.net address (TLS included), no DNS name or certificate needed. docs/deploy.md has the full path.
config:
  azure-native:location: westeurope
  durable-aks:environment: dev
  durable-aks:hosting: appService
  durable-aks:image:
    build:
      context: .
      dockerfile: app/Dockerfile
      platform: linux/amd64
`;
