import * as pulumi from "@pulumi/pulumi";
import { resolveSettings, type ConfigSource } from "./resolve";

export { apiSignIn, type ApiSignIn } from "./apiSignIn";
export { ConfigError, type ConfigIssue } from "./configError";
export { resolveSettings, type ConfigSource } from "./resolve";
export type * from "./settings";
export { nodeHeapMiB, workerMemoryMiB } from "./workerMemory";
export { stackAppSettingMap, stackAppSettingRows, type StackAppSettingValues } from "./stackAppSettings";

// `isConfigSecret` is exported by the SDK's runtime module but marked internal in its typings.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- no typed import exists for an internal export
const runtimeConfig = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(key: string): boolean };

/** The program's config, read from the current stack and validated once. Throws ConfigError on bad config. */
export function loadSettings() {
  const project = pulumi.getProject();
  const source: ConfigSource = {
    organization: pulumi.getOrganization(),
    project,
    stack: pulumi.getStack(),
    values: pulumi.runtime.allConfig(),
    isSecret: (fullKey) => runtimeConfig.isConfigSecret(fullKey),
    secret: (key) => new pulumi.Config(project).getSecret(key),
  };
  return resolveSettings(source);
}
export * from "./namespaces";
