// Every production policy decides "is this production" the same way: a stack the pack's productionStacks policy
// config names, or a resource the program tagged environment prod. A tag never switches a named production stack off.
import { describe, expect, it } from "vitest";
import type { ResourceRecord } from "../../policy/evaluate";
import { policies } from "../../policy/policies";
import { appServiceStack, changed, renamedStack, withOptions } from "./fixtures/stacks";
import { violationsOf } from "./harness";

/** Every Azure resource's environment tag set as the program would for `environment`. */
function tagged(resources: readonly ResourceRecord[], environment: string): ResourceRecord[] {
  return resources.map((item) => {
    const copy = structuredClone(item);
    if (copy.type.startsWith("azure-native:")) copy.props.tags = { ...(copy.props.tags as object | undefined), environment };
    return copy;
  });
}

const webApp = "azure-native:web:WebApp";
/** A prod stack breaking each production policy's rule once. */
const breaking: Record<string, () => ResourceRecord[]> = {
  "stateful-resources-protected-in-prod": () => withOptions(appServiceStack(), "azure-native:storage:StorageAccount", { protect: false }),
  "storage-account-no-shared-key-in-prod": () =>
    changed(appServiceStack(), "azure-native:storage:StorageAccount", "storage", (props) => (props.allowSharedKeyAccess = true)),
  "key-vault-purge-protection-in-prod": () =>
    changed(appServiceStack(), "azure-native:keyvault:Vault", "vault", (props) => (props.properties.enablePurgeProtection = false)),
  "application-insights-entra-only-in-prod": () =>
    changed(appServiceStack(), "azure-native:applicationinsights:Component", "app-insights", (props) => (props.disableLocalAuth = false)),
  "functions-telemetry-by-identity-in-prod": () =>
    changed(appServiceStack(), webApp, "app", (props) => {
      const settings = props.siteConfig.appSettings as Array<{ name: string }>;
      props.siteConfig.appSettings = settings.filter((item) => item.name !== "APPLICATIONINSIGHTS_AUTHENTICATION_STRING");
    }),
};

const policyNamed = (name: string) => policies.find((policy) => policy.name === name)!;

describe.each(Object.keys(breaking))("%s", (name) => {
  it("is one of the pack's policies and reads the productionStacks policy config", () => {
    expect(policyNamed(name)).toBeDefined();
    expect(policyNamed(name).configSchema?.properties).toHaveProperty("productionStacks");
  });

  it("holds on a stack the policy config names even when a tag says environment dev", () => {
    expect(violationsOf(policyNamed(name), tagged(breaking[name]!(), "dev")).length).toBeGreaterThan(0);
  });

  it("holds on a stack of another name that the program tagged environment prod", () => {
    expect(violationsOf(policyNamed(name), renamedStack(tagged(breaking[name]!(), "prod"), "live")).length).toBeGreaterThan(0);
  });

  it("leaves a stack that is neither named nor tagged production alone", () => {
    expect(violationsOf(policyNamed(name), renamedStack(tagged(breaking[name]!(), "dev"), "live"))).toEqual([]);
  });
});
