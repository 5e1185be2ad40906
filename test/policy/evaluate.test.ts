import { describe, expect, it } from "vitest";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { evaluatePolicies, runPolicies, type ResourceRecord } from "../../policy/evaluate";
import { aksStack, appServiceStack, changed, kubernetesSecret, project } from "./fixtures/stacks";

const unknownString = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const storageAccount = "azure-native:storage:StorageAccount";

describe("evaluatePolicies", () => {
  it("finds nothing in the compliant stacks", () => {
    expect(evaluatePolicies(aksStack("dev"), { stack: "dev", project })).toEqual([]);
    expect(evaluatePolicies(appServiceStack("prod"), { stack: "prod", project })).toEqual([]);
  });

  it("reports each broken rule as a mandatory violation of the resource that breaks it", () => {
    let stack = changed(aksStack(), storageAccount, "storage", (props) => (props.minimumTlsVersion = "TLS1_0"));
    stack = changed(stack, "kubernetes:core/v1:ConfigMap", "app-settings", (props) => (props.data.AzureWebJobsStorage = "AccountKey=abc"));
    stack = changed(
      stack,
      "kubernetes:apps/v1:Deployment",
      "app",
      (props) => (props.spec.template.spec.containers[0].image = "nginx:latest"),
    );

    const violations = evaluatePolicies(stack, { stack: "dev", project });

    expect(violations.map((violation) => [violation.policy, violation.resource?.split("::").slice(-2).join("::")])).toEqual([
      ["secrets-not-in-plain-config", "kubernetes:core/v1:ConfigMap::app-settings"],
      ["storage-account-secure-transport", "azure-native:storage:StorageAccount::storage"],
      ["images-pinned-by-digest", "kubernetes:apps/v1:Deployment::app"],
      ["no-latest-image-tag", "kubernetes:apps/v1:Deployment::app"],
    ]);
    expect(new Set(violations.map((violation) => violation.enforcementLevel))).toEqual(new Set(["mandatory"]));
  });

  it("reads values wrapped in Pulumi secret envelopes", () => {
    const stack = [
      ...aksStack().filter((resource) => resource.name !== "app-secrets"),
      kubernetesSecret("app-secrets", { AzureWebJobsStorage: "UseDevelopmentStorage=true" }),
    ];
    expect(evaluatePolicies(stack, { stack: "dev", project })).toEqual([
      expect.objectContaining({ policy: "real-storage-for-functions-host", message: expect.stringMatching(/storage emulator/) }),
    ]);
  });

  it("names the stack and URNs from the context when the records carry no URN", () => {
    const records: ResourceRecord[] = appServiceStack("prod").map((resource) => ({ ...resource, urn: "" }));
    const withoutPurgeProtection = changed(
      records,
      "azure-native:keyvault:Vault",
      "vault",
      (props) => delete props.properties.enablePurgeProtection,
    );

    expect(evaluatePolicies(withoutPurgeProtection, { stack: "prod", project })).toEqual([
      {
        policy: "key-vault-purge-protection-in-prod",
        resource: "urn:pulumi:prod::durable-aks::azure-native:keyvault:Vault::vault",
        message: expect.stringMatching(/^Stack "prod" is a production stack/),
        enforcementLevel: "mandatory",
      },
    ]);
    const inStaging = evaluatePolicies(withoutPurgeProtection, { stack: "staging", project });
    expect(inStaging.filter((violation) => violation.policy === "key-vault-purge-protection-in-prod")).toEqual([]);
  });

  it("reports a value unknown before deployment as advisory, as the engine does", () => {
    const stack = changed(aksStack(), storageAccount, "storage", (props) => (props.minimumTlsVersion = unknownString));
    expect(evaluatePolicies(stack, { stack: "dev", project })).toEqual([
      expect.objectContaining({
        policy: "storage-account-secure-transport",
        enforcementLevel: "advisory",
        message: expect.stringMatching(
          /^can't run policy 'storage-account-secure-transport' before deployment: string value at \.minimumTlsVersion/,
        ),
      }),
    ]);
  });

  it("refuses asynchronous policies instead of dropping their findings", () => {
    const asynchronous: ResourceValidationPolicy = {
      name: "asynchronous",
      description: "returns a promise",
      validateResource: async (_args, reportViolation) => reportViolation("too late"),
    };
    expect(() => runPolicies([asynchronous], aksStack(), { stack: "dev", project })).toThrow(/synchronous policies only/);
  });
});
