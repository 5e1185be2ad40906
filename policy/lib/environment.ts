// Production is the stack config's `environment: prod`. Policies cannot read stack config, but the program tags every
// Azure resource with it (settings.tags.environment), so the tags tell.
import { asString, pathOf, type Props } from "./props";

export const productionEnvironment = "prod";

export function isProductionTagged(props: Props): boolean {
  return asString(pathOf(props, "tags", "environment")) === productionEnvironment;
}

/** A stack is production when any of its resources carries the production environment tag. */
export function isProductionStack(resources: readonly { readonly props: Props }[]): boolean {
  return resources.some((resource) => isProductionTagged(resource.props));
}
