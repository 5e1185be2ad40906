// Failing (and extra passing) cases for the security baseline policies, keyed by policy name.
import type { PolicyCases } from "../harness";
import {
  aksStack,
  appImage,
  appServiceStack,
  changed,
  digest,
  registry,
  renamedStack,
  withOptions,
  withStagingSlot,
} from "../fixtures/stacks";

const storage = (change: (props: Record<string, any>) => void) =>
  changed(aksStack(), "azure-native:storage:StorageAccount", "storage", change);
const prodStorage = (change: (props: Record<string, any>) => void) =>
  changed(appServiceStack(), "azure-native:storage:StorageAccount", "storage", change);
const vault = (stack: string, change: (props: Record<string, any>) => void) =>
  changed(stack === "prod" ? appServiceStack() : aksStack(stack), "azure-native:keyvault:Vault", "vault", change);
const cluster = (change: (props: Record<string, any>) => void) =>
  changed(aksStack(), "azure-native:containerservice:ManagedCluster", "aks", change);
const prodCluster = (change: (props: Record<string, any>) => void) =>
  changed(aksStack("prod"), "azure-native:containerservice:ManagedCluster", "aks", change);
const podSpec = (change: (spec: Record<string, any>) => void) =>
  changed(aksStack(), "kubernetes:apps/v1:Deployment", "app", (props) => change(props.spec.template.spec));
const functionsContainer = (change: (container: Record<string, any>) => void) => podSpec((spec) => change(spec.containers[0]));
const imageName = (name: string) => changed(aksStack(), "docker-build:index:Image", "app-image", (props) => (props.tags = [name]));
const linuxFxVersion = (value: string) =>
  changed(appServiceStack(), "azure-native:web:WebApp", "app", (props) => (props.siteConfig.linuxFxVersion = value));

const unprotected = (type: string, resources = appServiceStack("prod")) => withOptions(resources, type, { protect: false });
const taggedProduction = (resources: ReturnType<typeof aksStack>) =>
  changed(resources, "azure-native:storage:StorageAccount", "storage", (props) => (props.tags = { environment: "prod" }));

export const baselineCases: Record<string, PolicyCases> = {
  "stateful-resources-protected-in-prod": {
    passing: [
      { title: "an unprotected dev stack", resources: () => aksStack("dev") },
      {
        title: "a protected stack of another name tagged environment prod",
        resources: () => renamedStack(taggedProduction(appServiceStack("prod")), "live"),
      },
    ],
    failing: [
      {
        title: "a prod storage account without protect",
        resources: () => unprotected("azure-native:storage:StorageAccount"),
        message: /azure-native:storage:StorageAccount "storage" holds production data and is not protected: register it with protect: true/,
      },
      {
        title: "a prod audit table without protect",
        resources: () => unprotected("azure-native:storage:Table"),
        message: /Table "audit-table" holds production data/,
      },
      {
        title: "a prod Key Vault without protect",
        resources: () => unprotected("azure-native:keyvault:Vault"),
        message: /Vault "vault" holds production data/,
      },
      {
        title: "a prod App Configuration store without protect",
        resources: () => unprotected("azure-native:appconfiguration:ConfigurationStore"),
        message: /ConfigurationStore "appconfig"/,
      },
      {
        title: "a prod registry without protect",
        resources: () => unprotected("azure-native:containerregistry:Registry"),
        message: /Registry "registry"/,
      },
      {
        title: "a stack of another name whose resources are tagged environment prod",
        resources: () => renamedStack(taggedProduction(aksStack("dev")), "live"),
        message: /StorageAccount "storage" holds production data and is not protected/,
      },
    ],
  },
  "storage-account-secure-transport": {
    passing: [{ title: "TLS 1.3", resources: () => storage((props) => (props.minimumTlsVersion = "TLS1_3")) }],
    failing: [
      {
        title: "TLS 1.0",
        resources: () => storage((props) => (props.minimumTlsVersion = "TLS1_0")),
        message: /minimumTlsVersion is TLS1_0: set minimumTlsVersion to "TLS1_2"/,
      },
      {
        title: "no minimum TLS",
        resources: () => storage((props) => delete props.minimumTlsVersion),
        message: /minimumTlsVersion is not set: set minimumTlsVersion to "TLS1_2"/,
      },
      {
        title: "plain HTTP allowed",
        resources: () => storage((props) => (props.enableHttpsTrafficOnly = false)),
        message: /enableHttpsTrafficOnly is not true: set enableHttpsTrafficOnly: true/,
      },
    ],
  },
  "storage-account-no-public-blob-access": {
    passing: [],
    failing: [
      {
        title: "public access allowed",
        resources: () => storage((props) => (props.allowBlobPublicAccess = true)),
        message: /allowBlobPublicAccess is not false: set allowBlobPublicAccess: false/,
      },
      {
        title: "left to the default",
        resources: () => storage((props) => delete props.allowBlobPublicAccess),
        message: /allowBlobPublicAccess is not false/,
      },
    ],
  },
  "storage-account-no-shared-key-in-prod": {
    passing: [
      {
        title: "dev may turn shared keys back on (the fallback)",
        resources: () => storage((props) => (props.allowSharedKeyAccess = true)),
      },
      { title: "dev may leave it unset", resources: () => storage((props) => delete props.allowSharedKeyAccess) },
    ],
    failing: [
      {
        title: "prod with shared keys on",
        resources: () => prodStorage((props) => (props.allowSharedKeyAccess = true)),
        message:
          /Stack "prod" is a production stack and its storage account allows shared-key access: set allowSharedKeyAccess: false \(config storage\.sharedKeyAccess: false\)/,
      },
      {
        title: "prod leaving it to Azure's default (keys on)",
        resources: () => prodStorage((props) => delete props.allowSharedKeyAccess),
        message: /production stack and its storage account allows shared-key access/,
      },
      {
        title: "another stack name tagged environment prod",
        resources: () =>
          changed(aksStack("live"), "azure-native:storage:StorageAccount", "storage", (props) =>
            Object.assign(props, { allowSharedKeyAccess: true, tags: { environment: "prod" } }),
          ),
        message: /Stack "live" is a production stack/,
      },
    ],
  },
  "key-vault-rbac-authorization": {
    passing: [],
    failing: [
      {
        title: "access policies",
        resources: () => vault("dev", (props) => (props.properties.enableRbacAuthorization = false)),
        message: /properties\.enableRbacAuthorization is not true: set it to true and grant access with role assignments/,
      },
    ],
  },
  "key-vault-purge-protection-in-prod": {
    passing: [{ title: "dev may go without", resources: () => vault("dev", (props) => delete props.properties.enablePurgeProtection) }],
    failing: [
      {
        title: "prod without purge protection",
        resources: () => vault("prod", (props) => (props.properties.enablePurgeProtection = false)),
        message:
          /Stack "prod" is a production stack and its Key Vault has no purge protection: set properties\.enablePurgeProtection to true/,
      },
    ],
  },
  "container-registry-admin-disabled": {
    passing: [],
    failing: [
      {
        title: "admin user on",
        resources: () =>
          changed(aksStack(), "azure-native:containerregistry:Registry", "registry", (props) => (props.adminUserEnabled = true)),
        message: /adminUserEnabled is not false: set adminUserEnabled: false and grant AcrPull\/AcrPush role assignments/,
      },
    ],
  },
  "aks-entra-id-only-access": {
    passing: [],
    failing: [
      {
        title: "local accounts on",
        resources: () => cluster((props) => (props.disableLocalAccounts = false)),
        message: /disableLocalAccounts is not true: set disableLocalAccounts: true so no static admin kubeconfig exists/,
      },
      {
        title: "Kubernetes RBAC instead of Azure RBAC",
        resources: () => cluster((props) => delete props.aadProfile.enableAzureRBAC),
        message: /aadProfile\.enableAzureRBAC is not true: set aadProfile\.enableAzureRBAC: true/,
      },
      {
        title: "no Entra ID integration",
        resources: () => cluster((props) => delete props.aadProfile),
        message: /aadProfile\.managed is not true: set aadProfile\.managed: true/,
      },
    ],
  },
  "aks-api-server-restricted-in-prod": {
    passing: [
      { title: "a dev cluster with a public API server", resources: () => aksStack("dev") },
      {
        title: "a prod cluster with authorized IP ranges",
        resources: () => prodCluster((props) => (props.apiServerAccessProfile = { authorizedIPRanges: ["203.0.113.0/24"] })),
      },
      {
        title: "a private prod cluster",
        resources: () => prodCluster((props) => (props.apiServerAccessProfile = { enablePrivateCluster: true })),
      },
    ],
    failing: [
      {
        title: "a prod cluster without apiServerAccessProfile",
        resources: () => prodCluster(() => undefined),
        message: /API server is public to every address: set apiServerAccessProfile\.authorizedIPRanges .* or enablePrivateCluster/,
      },
      {
        title: "a prod cluster with an empty range list",
        resources: () => prodCluster((props) => (props.apiServerAccessProfile = { authorizedIPRanges: [], enablePrivateCluster: false })),
        message: /API server is public to every address/,
      },
      {
        title: "a cluster of another stack tagged environment prod",
        resources: () =>
          renamedStack(
            changed(
              aksStack("prod"),
              "azure-native:containerservice:ManagedCluster",
              "aks",
              (props) => (props.tags = { environment: "prod" }),
            ),
            "live",
          ),
        message: /Stack "live" is a production stack/,
      },
    ],
  },
  "pods-restricted-security-context": {
    passing: [
      {
        title: "container-level settings instead of pod-level",
        resources: () =>
          podSpec((spec) => {
            delete spec.securityContext;
            Object.assign(spec.containers[0].securityContext, {
              runAsNonRoot: true,
              runAsUser: 1000,
              seccompProfile: { type: "RuntimeDefault" },
            });
          }),
      },
    ],
    failing: [
      {
        title: "may run as root",
        resources: () => podSpec((spec) => delete spec.securityContext.runAsNonRoot),
        message: /Container "functions" may run as root: set securityContext\.runAsNonRoot: true/,
      },
      {
        title: "privilege escalation",
        resources: () => functionsContainer((container) => (container.securityContext.allowPrivilegeEscalation = true)),
        message: /Container "functions" allows privilege escalation: set securityContext\.allowPrivilegeEscalation: false/,
      },
      {
        title: "capabilities kept",
        resources: () => functionsContainer((container) => (container.securityContext.capabilities = { drop: ["NET_RAW"] })),
        message: /Container "functions" keeps Linux capabilities: set securityContext\.capabilities\.drop: \["ALL"\]/,
      },
      {
        title: "no seccomp profile",
        resources: () => podSpec((spec) => delete spec.securityContext.seccompProfile),
        message: /Container "functions" has no seccomp profile: set securityContext\.seccompProfile\.type: RuntimeDefault/,
      },
      {
        title: "privileged",
        resources: () => functionsContainer((container) => (container.securityContext.privileged = true)),
        message: /Container "functions" is privileged: remove securityContext\.privileged/,
      },
      {
        title: "host network",
        resources: () => podSpec((spec) => (spec.hostNetwork = true)),
        message: /The pod shares the node's namespaces \(hostNetwork: true\): remove hostNetwork/,
      },
      {
        title: "an unrestricted init container",
        resources: () => podSpec((spec) => (spec.initContainers = [{ name: "migrate", image: appImage }])),
        message: /Init container "migrate" allows privilege escalation/,
      },
    ],
  },
  "images-pinned-by-digest": {
    passing: [],
    failing: [
      {
        title: "container by tag",
        resources: () => functionsContainer((container) => (container.image = `${registry}/durable-aks:3f2c1e0`)),
        message: /Container "functions" runs "durableaks\.azurecr\.io\/durable-aks:3f2c1e0": reference the image by digest/,
      },
      {
        title: "a staging slot by tag",
        resources: () =>
          changed(withStagingSlot(true), "azure-native:web:WebAppSlot", "app-staging", (props) => {
            props.siteConfig.linuxFxVersion = `DOCKER|${registry}/durable-aks:3f2c1e0`;
          }),
        message: /siteConfig\.linuxFxVersion runs "durableaks\.azurecr\.io\/durable-aks:3f2c1e0": reference the image by digest/,
      },
      {
        title: "App Service by tag",
        resources: () => linuxFxVersion(`DOCKER|${registry}/durable-aks:3f2c1e0`),
        message: /siteConfig\.linuxFxVersion runs "durableaks\.azurecr\.io\/durable-aks:3f2c1e0": reference the image by digest/,
      },
      {
        title: "truncated digest",
        resources: () => functionsContainer((container) => (container.image = `${registry}/durable-aks@sha256:ab12`)),
        message:
          /runs "durableaks\.azurecr\.io\/durable-aks@sha256:ab12": reference the image by digest, <registry>\/<repository>@sha256:<64 hex digits>/,
      },
    ],
  },
  "no-latest-image-tag": {
    passing: [{ title: "registry with a port", resources: () => imageName("localhost:5000/durable-aks:3f2c1e0") }],
    failing: [
      {
        title: "pushed as latest",
        resources: () => imageName(`${registry}/durable-aks:latest`),
        message:
          /The image is pushed as "durableaks\.azurecr\.io\/durable-aks:latest", which means latest: tag it with something traceable/,
      },
      {
        title: "pushed without a tag",
        resources: () => imageName(`${registry}/durable-aks`),
        message: /pushed as "durableaks\.azurecr\.io\/durable-aks", which means latest/,
      },
      {
        title: "pushed to a registry port without a tag",
        resources: () => imageName("localhost:5000/durable-aks"),
        message: /pushed as "localhost:5000\/durable-aks", which means latest/,
      },
      {
        title: "container runs latest",
        resources: () => functionsContainer((container) => (container.image = `${registry}/durable-aks:latest@${digest}`)),
        message: /Container "functions" runs ".*:latest@sha256:.*", a latest tag: reference the promoted digest/,
      },
      {
        title: "container without tag or digest",
        resources: () => functionsContainer((container) => (container.image = "nginx")),
        message: /Container "functions" runs "nginx", a latest tag/,
      },
    ],
  },
};
