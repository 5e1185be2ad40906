// The policy pack's entry point for `pulumi preview|up --policy-pack policy`. Constructing PolicyPack starts the
// analyzer's gRPC server, so no other module does it: tests and the offline render use evaluate.ts.
import { PolicyPack } from "@pulumi/policy";
import { policies, policyPackEnforcementLevel, policyPackName } from "./policies";

new PolicyPack(policyPackName, { policies, enforcementLevel: policyPackEnforcementLevel });
