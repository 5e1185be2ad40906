// Runs the pack's policies over plain resource records, the way the engine's analyzer would, but with no
// Pulumi CLI, engine or gRPC server: the offline render passes what the mock runtime registered, tests pass fixtures.
import * as policySdk from "@pulumi/policy";
import type {
  Policies,
  PolicyConfigSchema,
  PolicyResource,
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { policies as packPolicies, policyPackEnforcementLevel } from "./policies";
import { urnOf } from "./lib/urn";

/**
 * The SDK's own guard against values unknown before deployment: exported at run time, marked internal in its
 * typings. Reusing it keeps the offline evaluation reporting exactly what the engine's analyzer would.
 */
const { unknownCheckingProxy, UnknownValueError } = policySdk as unknown as {
  unknownCheckingProxy: <T>(value: T) => T;
  UnknownValueError: new (...args: never[]) => Error;
};

export interface ResourceRecord {
  type: string;
  name: string;
  /** The registered URN; when empty it is made from the context. */
  urn: string;
  props: Record<string, unknown>;
  /** Resource options as registered (e.g. protect); unset ones take the engine's defaults. */
  opts?: Partial<PolicyResourceOptions>;
}

export interface EvaluationContext {
  stack: string;
  project: string;
}

export interface PolicyViolation {
  policy: string;
  /** The URN of the offending resource; absent for a violation of the stack as a whole. */
  resource?: string;
  message: string;
  enforcementLevel: string;
}

/** Every policy of the pack over the stack's resources. A violation whose enforcementLevel is "mandatory" fails the stack. */
export function evaluatePolicies(resources: readonly ResourceRecord[], context: EvaluationContext): PolicyViolation[] {
  return runPolicies(packPolicies, resources, context);
}

export function runPolicies(policies: Policies, resources: readonly ResourceRecord[], context: EvaluationContext): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  const stackTags: ReadonlyMap<string, string> = new Map([["pulumi:project", context.project]]);
  const prepared = resources.map((resource) => prepareResource(resource, context));
  for (const policy of policies) {
    const enforcementLevel = policy.enforcementLevel ?? policyPackEnforcementLevel;
    if (enforcementLevel === "disabled") continue;
    const getConfig = configOf(policy.configSchema);
    const record = (message: string, level: string, resource?: string) =>
      violations.push({ policy: policy.name, ...(resource !== undefined ? { resource } : {}), message, enforcementLevel: level });
    if (isStackPolicy(policy)) {
      const args: StackValidationArgs = { resources: prepared.map(asPolicyResource), stackTags, getConfig, notApplicable };
      runGuarded(
        policy.name,
        () => policy.validateStack(args, (message, urn) => record(message, enforcementLevel, urn)),
        (message) => record(message, "advisory"),
      );
      continue;
    }
    for (const resource of prepared) {
      const args = resourceArgs(resource, stackTags, getConfig);
      // As in the engine, a resource policy's violation always names the resource under validation.
      const reportViolation: ReportViolation = (message) => record(message, enforcementLevel, resource.urn);
      for (const validation of validationsOf(policy)) {
        runGuarded(
          policy.name,
          () => validation(args, reportViolation),
          (message) => record(message, "advisory", resource.urn),
        );
      }
    }
  }
  return violations;
}

function isStackPolicy(policy: ResourceValidationPolicy | StackValidationPolicy): policy is StackValidationPolicy {
  return "validateStack" in policy;
}

function validationsOf(policy: ResourceValidationPolicy) {
  const validate = policy.validateResource;
  return validate === undefined ? [] : Array.isArray(validate) ? validate : [validate];
}

/**
 * Like the engine: a policy that reads a value unknown until deployment is reported as advisory instead of failing,
 * and a policy that declares itself not applicable reports nothing. Policies must be synchronous here.
 */
function runGuarded(policyName: string, validation: () => unknown, reportUnknown: (message: string) => void): void {
  try {
    const result = validation();
    if (result instanceof Promise)
      throw new Error(`policy ${policyName} returned a promise; evaluatePolicies runs synchronous policies only`);
  } catch (error) {
    if (error instanceof NotApplicable) return;
    if (error instanceof UnknownValueError) {
      reportUnknown(`can't run policy '${policyName}' before deployment: ${error.message}`);
      return;
    }
    throw error;
  }
}

class NotApplicable extends Error {}

function notApplicable(reason?: string): never {
  throw new NotApplicable(reason);
}

interface PreparedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly props: Record<string, unknown>;
  readonly opts: PolicyResourceOptions;
}

function prepareResource(resource: ResourceRecord, context: EvaluationContext): PreparedResource {
  return {
    type: resource.type,
    name: resource.name,
    urn: resource.urn || urnOf(context.stack, context.project, resource.type, resource.name),
    props: unknownCheckingProxy(unwrapSecrets(resource.props)),
    opts: { ...defaultOptions, ...resource.opts },
  };
}

const signatureKey = "4dabf18193072939515e22adb298388d";
const secretSignature = "1b47061264138c4ac30d75fd1eb44270";

/** The engine hands policies plain values; the mock runtime may still wrap secrets in their envelope. */
export function unwrapSecrets<T>(value: T): T;
export function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => unwrapSecrets(item));
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  if (record[signatureKey] === secretSignature) return unwrapSecrets(record["value"]);
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, unwrapSecrets(item)]));
}

const defaultOptions: PolicyResourceOptions = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

function isOfType(type: string, resourceClass: unknown): boolean {
  return (resourceClass as { __pulumiType?: unknown }).__pulumiType === type;
}

function resourceArgs(
  resource: PreparedResource,
  stackTags: ReadonlyMap<string, string>,
  getConfig: ResourceValidationArgs["getConfig"],
): ResourceValidationArgs {
  return {
    ...resource,
    stackTags,
    isType: (resourceClass) => isOfType(resource.type, resourceClass),
    // As in the engine, the typed view is the raw props when the type matches.
    asType: ((resourceClass: unknown) =>
      isOfType(resource.type, resourceClass) ? resource.props : undefined) as ResourceValidationArgs["asType"],
    getConfig,
    notApplicable,
  };
}

function asPolicyResource(resource: PreparedResource): PolicyResource {
  return {
    ...resource,
    dependencies: [],
    propertyDependencies: {},
    isType: (resourceClass) => isOfType(resource.type, resourceClass),
    asType: ((resourceClass: unknown) => (isOfType(resource.type, resourceClass) ? resource.props : undefined)) as PolicyResource["asType"],
  };
}

/** The engine fills a policy's config from its schema's defaults when the stack passes none. */
function configOf(schema: PolicyConfigSchema | undefined): StackValidationArgs["getConfig"] {
  const defaults = Object.fromEntries(
    Object.entries(schema?.properties ?? {}).flatMap(([key, property]) => ("default" in property ? [[key, property.default]] : [])),
  );
  // The caller names the config's type, as with the engine's getConfig.
  return <T extends object>() => defaults as T;
}
