import type { PolicyConfigSchema, ResourceValidationArgs } from "@pulumi/policy";
import { isProductionTagged } from "./environment";
import type { Props } from "./props";
import { stackOfUrn } from "./urn";

export interface ProductionStacksConfig {
  readonly productionStacks: readonly string[];
}

const defaultProductionStacks = ["prod"];

/** The policy config naming the production stacks (default `["prod"]`), shared by the prod-only policies. */
export const productionStacksSchema: PolicyConfigSchema = {
  properties: {
    productionStacks: { type: "array", items: { type: "string" }, default: defaultProductionStacks },
  },
};

/** The resource's stack, and whether the policy config names it as a production stack. */
export function productionStackOf(args: ResourceValidationArgs): { stack: string; production: boolean } {
  const stack = stackOfUrn(args.urn);
  // The CLI fills in the schema's default; a bare analyzer that was never configured gets it here.
  const productionStacks = args.getConfig<Partial<ProductionStacksConfig>>().productionStacks ?? defaultProductionStacks;
  return { stack, production: productionStacks.includes(stack) };
}

/** As productionStackOf, and also production when the resource carries the `environment: prod` tag the program sets. */
export function productionResourceOf(props: Props, args: ResourceValidationArgs): { stack: string; production: boolean } {
  const { stack, production } = productionStackOf(args);
  return { stack, production: production || isProductionTagged(props) };
}
