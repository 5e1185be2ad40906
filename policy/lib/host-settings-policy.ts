import type { StackValidationPolicy } from "@pulumi/policy";
import { functionsHostsOf, type FunctionsHost, type StackResource } from "./functions-hosts";
import { isProductionStack, productionStacksSchema } from "./production-stacks";
import { stackOfUrn } from "./urn";

export interface HostCheckContext {
  readonly stack: string;
  readonly resources: readonly StackResource[];
  /** Every Functions host of the stack (an App Service site and its slots are one each). */
  readonly hosts: readonly FunctionsHost[];
}

export interface HostSettingsPolicySpec {
  readonly name: string;
  readonly description: string;
  readonly check: (host: FunctionsHost, context: HostCheckContext, reportViolation: (message: string) => void) => void;
  /** Checks only production stacks, decided as every production policy decides (production-stacks.ts). */
  readonly productionOnly?: boolean;
}

/**
 * A rule about the settings a Functions host receives. It needs the whole stack because on AKS the settings
 * are spread over the Deployment, its ConfigMap and its Secret.
 */
export function mandatoryHostSettingsPolicy(spec: HostSettingsPolicySpec): StackValidationPolicy {
  return {
    name: spec.name,
    description: spec.description,
    enforcementLevel: "mandatory",
    ...(spec.productionOnly ? { configSchema: productionStacksSchema } : {}),
    validateStack: (args, reportViolation) => {
      const hosts = functionsHostsOf(args.resources);
      const first = hosts[0];
      if (first === undefined) args.notApplicable("the stack has no Functions host (Deployment or function WebApp)");
      const context = { stack: stackOfUrn(first.resource.urn), resources: args.resources, hosts };
      if (spec.productionOnly && !isProductionStack(context.stack, args)) return;
      for (const host of hosts) {
        spec.check(host, context, (message) => reportViolation(message, host.resource.urn));
      }
    },
  };
}

/** The first other host that sets `name` to the same value (compared without letter case): each needs one of its own. */
export function hostSharingSetting(host: FunctionsHost, hosts: readonly FunctionsHost[], name: string): FunctionsHost | undefined {
  const value = host.settings.get(name)?.value?.toLowerCase();
  if (!value) return undefined;
  const index = hosts.indexOf(host);
  return hosts.slice(0, index).find((other) => other.settings.get(name)?.value?.toLowerCase() === value);
}
