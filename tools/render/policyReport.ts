import { evaluatePolicies } from "../../policy/evaluate";
import type { RecordedResource } from "../../test/support/mockAzure/mocks";

/** Runs the policy pack over what a program registered, as `--policy-pack policy` would, and prints the verdict. Returns the number of mandatory violations. */
export function reportPolicies(resources: RecordedResource[], context: { stack: string; project: string }): number {
  const violations = evaluatePolicies(
    resources.map((resource) => ({
      type: resource.type,
      name: resource.name,
      urn: resource.urn,
      props: resource.inputs,
      opts: { protect: resource.options.protect },
    })),
    context,
  );
  const mandatory = violations.filter((violation) => violation.enforcementLevel === "mandatory");
  console.log(`Policy pack: ${violations.length ? `${violations.length} violation(s), ${mandatory.length} mandatory` : "no violations"}`);
  for (const violation of violations)
    console.error(
      `  ${violation.enforcementLevel === "mandatory" ? "✗" : "!"} [${violation.policy}] ${violation.resource ?? "stack"}: ${violation.message}`,
    );
  return mandatory.length;
}
