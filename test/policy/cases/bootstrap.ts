// Cases for the policies that guard bootstrap/: the state account and the secrets vault every stack's secrets depend on.
import type { ResourceRecord } from "../../../policy/evaluate";
import { urnOf } from "../../../policy/lib/urn";
import type { PolicyCases } from "../harness";
import { changed } from "../fixtures/stacks";

const bootstrapProject = "durable-aks-bootstrap";

/** The state account and the secrets vault as bootstrap/ registers them. */
export function bootstrapStack(stack = "subscription"): ResourceRecord[] {
  const resource = (type: string, name: string, props: Record<string, unknown>) => ({
    type,
    name,
    urn: urnOf(stack, bootstrapProject, type, name),
    props,
  });
  return [
    resource("azure-native:storage:StorageAccount", "state-account", {
      kind: "StorageV2",
      minimumTlsVersion: "TLS1_2",
      enableHttpsTrafficOnly: true,
      allowBlobPublicAccess: false,
      allowSharedKeyAccess: false,
    }),
    resource("azure-native:keyvault:Vault", "secrets-vault", {
      properties: {
        tenantId: "tenant",
        enableRbacAuthorization: true,
        enablePurgeProtection: true,
        sku: { family: "A", name: "standard" },
      },
    }),
  ];
}

const stateAccount = (change: (props: Record<string, any>) => void) =>
  changed(bootstrapStack(), "azure-native:storage:StorageAccount", "state-account", change);
const secretsVault = (change: (props: Record<string, any>) => void) =>
  changed(bootstrapStack(), "azure-native:keyvault:Vault", "secrets-vault", change);

export const bootstrapCases: Record<string, PolicyCases> = {
  "pulumi-state-backend-protected": {
    passing: [{ title: "the bootstrap's state account and secrets vault", resources: () => bootstrapStack() }],
    failing: [
      {
        title: "shared keys left on",
        resources: () => stateAccount((props) => delete props.allowSharedKeyAccess),
        message: /state account allows shared-key access: set allowSharedKeyAccess: false/,
      },
      {
        title: "shared keys explicitly on",
        resources: () => stateAccount((props) => (props.allowSharedKeyAccess = true)),
        message: /allowSharedKeyAccess: false/,
      },
      {
        title: "a secrets vault without purge protection",
        resources: () => secretsVault((props) => delete props.properties.enablePurgeProtection),
        message: /secrets vault has no purge protection: set properties.enablePurgeProtection to true/,
      },
    ],
  },
};
