import type { PolicyConfigSchema, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { isProductionTagged } from "./environment";
import type { Props } from "./props";
import { stackOfUrn } from "./urn";

// One decision for every production policy: a stack the policy config names is production whatever its tags say;
// a stack of another name is production when the program tagged its resources environment prod.

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

/** The CLI fills in the schema's default; a bare analyzer that was never configured gets it here. */
const productionStacksOf = (getConfig: ResourceValidationArgs["getConfig"]) =>
  getConfig<Partial<ProductionStacksConfig>>().productionStacks ?? defaultProductionStacks;

/** The resource's stack, and whether it is production: named in the policy config, or the resource tagged environment prod. */
export function productionResourceOf(props: Props, args: ResourceValidationArgs): { stack: string; production: boolean } {
  const stack = stackOfUrn(args.urn);
  return { stack, production: productionStacksOf(args.getConfig).includes(stack) || isProductionTagged(props) };
}

/** The same decision for a stack policy: named in the policy config, or any of its resources tagged environment prod. */
export function isProductionStack(stack: string, args: Pick<StackValidationArgs, "getConfig" | "resources">): boolean {
  return productionStacksOf(args.getConfig).includes(stack) || args.resources.some((resource) => isProductionTagged(resource.props));
}
