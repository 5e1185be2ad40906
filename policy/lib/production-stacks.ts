import type { PolicyConfigSchema, ResourceValidationArgs } from "@pulumi/policy";
import { stackOfUrn } from "./urn";

const defaultProductionStacks = ["prod"];

/** The `productionStacks` policy config shared by the prod-only rules (default `["prod"]`). */
export const productionStacksConfigSchema: PolicyConfigSchema = {
  properties: {
    productionStacks: { type: "array", items: { type: "string" }, default: defaultProductionStacks },
  },
};

/** The resource's stack, and whether the policy config names it a production stack. */
export function productionStackOf(args: ResourceValidationArgs): { stack: string; production: boolean } {
  const stack = stackOfUrn(args.urn);
  // The CLI fills in the schema's default; a bare analyzer that was never configured gets it here.
  const productionStacks = args.getConfig<{ productionStacks?: string[] }>().productionStacks ?? defaultProductionStacks;
  return { stack, production: productionStacks.includes(stack) };
}
