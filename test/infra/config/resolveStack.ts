// A stack file plus overrides, resolved as the program would at start-up, without Pulumi's runtime: config errors only.
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, resolveSettings, type Settings } from "../../../infra/config";
import { configForRuntime } from "../../../tools/render/stackConfig";

export function resolveStack(stack: "dev" | "prod", overrides: Record<string, unknown> = {}): Settings {
  const { values, secretKeys } = configForRuntime({ project: "durable-aks", stack, overrides });
  return resolveSettings({
    organization: "organization",
    project: "durable-aks",
    stack,
    values,
    isSecret: (key) => secretKeys.includes(key),
    secret: (key) => (`durable-aks:${key}` in values ? pulumi.secret(values[`durable-aks:${key}`]!) : undefined),
  });
}

/** The ConfigError the overrides cause, or undefined when the config is accepted. */
export function refusalOf(stack: "dev" | "prod", overrides: Record<string, unknown>): ConfigError | undefined {
  try {
    resolveStack(stack, overrides);
    return undefined;
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
}
