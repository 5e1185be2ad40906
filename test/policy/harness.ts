import type { Policies } from "@pulumi/policy";
import { runPolicies, type PolicyViolation, type ResourceRecord } from "../../policy/evaluate";
import { stackOfUrn } from "../../policy/lib/urn";
import { project } from "./fixtures/stacks";

/** One policy over a stack, the stack's name taken from its URNs as the engine's resources carry it. */
export function violationsOf(policy: Policies[number], resources: readonly ResourceRecord[]): PolicyViolation[] {
  const stack = stackOfUrn(resources[0]?.urn ?? "urn:pulumi:dev::");
  return runPolicies([policy], resources, { stack, project });
}

export interface PolicyCase {
  readonly title: string;
  readonly resources: () => ResourceRecord[];
}

export interface FailingCase extends PolicyCase {
  /** What the message must say: the problem and the change to make. */
  readonly message: RegExp;
}

export interface PolicyCases {
  /** Stacks that pass besides the compliant AKS and App Service stacks every policy is run on. */
  readonly passing: readonly PolicyCase[];
  readonly failing: readonly FailingCase[];
}
