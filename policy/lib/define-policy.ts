import type { PolicyConfigSchema, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import type { Props } from "./props";

export interface ResourcePolicySpec {
  readonly name: string;
  readonly description: string;
  /** The resource types the rule reads; others are skipped without a word. */
  readonly appliesTo: (type: string) => boolean;
  readonly validate: (props: Props, args: ResourceValidationArgs, reportViolation: ReportViolation) => void;
  readonly configSchema?: PolicyConfigSchema;
}

/** Every rule of this pack blocks a deployment: a guardrail that only warns is a guardrail that gets ignored. */
export function mandatoryResourcePolicy(spec: ResourcePolicySpec): ResourceValidationPolicy {
  return {
    name: spec.name,
    description: spec.description,
    enforcementLevel: "mandatory",
    ...(spec.configSchema ? { configSchema: spec.configSchema } : {}),
    validateResource: (args, reportViolation) => {
      if (spec.appliesTo(args.type)) spec.validate(args.props, args, reportViolation);
    },
  };
}

/**
 * A rule that warns and does not block: only for a setting that is a legitimate choice with a documented cost (the
 * message says what to weigh), where blocking would force infrastructure the program does not build.
 */
export function advisoryResourcePolicy(spec: ResourcePolicySpec): ResourceValidationPolicy {
  return { ...mandatoryResourcePolicy(spec), enforcementLevel: "advisory" };
}
