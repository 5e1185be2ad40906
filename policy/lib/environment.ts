// The program tags every Azure resource with the stack config's `environment` (one of the reserved tags, which the
// program refuses in user tags, so a stack file cannot override it). Policies cannot read stack config; they read this
// tag, but only together with the pack's productionStacks config (production-stacks.ts), never alone.
import { asString, pathOf, type Props } from "./props";

export const productionEnvironment = "prod";

export function isProductionTagged(props: Props): boolean {
  return asString(pathOf(props, "tags", "environment")) === productionEnvironment;
}
