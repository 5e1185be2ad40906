import * as pulumi from "@pulumi/pulumi";
import { resolveBootstrapSettings } from "./resolve";

export { resolveBootstrapSettings } from "./resolve";
export type * from "./settings";

/** The bootstrap stack's config, read and validated once. Throws ConfigError on bad config, before any resource. */
export function loadBootstrapSettings() {
  const project = pulumi.getProject();
  return resolveBootstrapSettings({
    organization: pulumi.getOrganization(),
    project,
    stack: pulumi.getStack(),
    values: pulumi.runtime.allConfig(),
    // The bootstrap reads no secret config: what it makes secret, it makes itself.
    isSecret: () => false,
    secret: () => undefined,
  });
}
