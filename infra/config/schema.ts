import { z } from "zod";
import { maximumReplicas, minimumKubernetesMinor } from "./platformLimits";
import * as rule from "./rules";
import { stackAppSettingShapes as appSettings } from "./stackAppSettings";

// The shape of the stack config as a user writes it in Pulumi.<stack>.yaml (project namespace).
// Everything is optional here: defaults are derived from project, stack and environment in resolve.ts,
// and the resolved values are validated again against the same rules. Keys that become app settings come from the
// table in stackAppSettings.ts (the `...appSettings.<group>` spreads).

const poolSchema = z.strictObject({
  vmSize: z.string().min(1).optional(),
  count: rule.positiveInt.optional(),
  minCount: rule.positiveInt.optional(),
  maxCount: rule.positiveInt.optional(),
});

const buildSchema = z.strictObject({
  context: z.string().min(1).optional(),
  dockerfile: z.string().min(1).optional(),
  platform: z.enum(["linux/amd64", "linux/arm64"]).optional(),
});

const imageSchema = z
  .strictObject({
    repository: rule.kubernetesName.optional(),
    build: buildSchema.optional(),
    promoteFrom: rule.stackReference.optional(),
    /**
     * Pins the digest this update deploys. Promoting: the source stack's registry and repository at this digest.
     * Building: this stack's own registry at a digest it built before, and no build (a rollback redeploys its
     * last known-good release this way).
     */
    digest: z
      .string()
      .regex(/^sha256:[a-f0-9]{64}$/, "must be a digest such as sha256:<64 hex>")
      .optional(),
  })
  .superRefine((image, ctx) => {
    if (image.build && image.promoteFrom) {
      ctx.addIssue({
        code: "custom",
        message: "set either image.build (build here) or image.promoteFrom (promote from another stack), never both",
      });
    }
  });

export const stackConfigSchema = z.strictObject({
  environment: z.enum(["dev", "prod"]).optional(),
  location: z
    .string()
    .regex(/^[a-z0-9]+$/, "must be an Azure region name such as westeurope")
    .optional(),
  hosting: z.enum(["aks", "appService"]).optional(),
  hostname: rule.dnsName.optional(),
  tlsCertificateKeyVaultUri: z
    .string()
    .regex(
      /^https:\/\/[a-zA-Z0-9-]{3,24}\.vault\.azure\.net\/(certificates|secrets)\/[a-zA-Z0-9-]{1,127}(\/[a-f0-9]{32})?$/,
      "must be a Key Vault certificate URI such as https://<vault>.vault.azure.net/certificates/<name>",
    )
    .optional(),
  nameSuffix: z
    .string()
    .regex(/^[a-z0-9]{4,8}$/, "must be 4-8 lowercase letters or digits")
    .optional(),
  tags: rule.userTags.optional(),
  names: z
    .strictObject({
      resourceGroup: rule.resourceGroupName.optional(),
      storageAccount: rule.storageAccountName.optional(),
      keyVault: rule.keyVaultName.optional(),
      registry: rule.registryName.optional(),
      appConfiguration: rule.appConfigurationName.optional(),
      aksCluster: rule.resourceName.optional(),
      aksDnsPrefix: rule.aksDnsPrefix.optional(),
      functionApp: rule.resourceName.optional(),
    })
    .optional(),
  query: z.strictObject({ ...appSettings.query }).optional(),
  durable: z
    .strictObject({
      ...appSettings.durable,
      taskHubName: rule.taskHubName.optional(),
      hostId: rule.hostId.optional(),
    })
    .optional(),
  storage: z
    .strictObject({
      ...appSettings.storage,
      sku: z.enum(["Standard_LRS", "Standard_ZRS", "Standard_GRS", "Standard_GZRS", "Standard_RAGRS", "Standard_RAGZRS"]).optional(),
      blobSoftDeleteDays: z.int().min(1, "must be 1-365 days").max(365, "must be 1-365 days").optional(),
      sharedKeyAccess: z.boolean("must be true or false").optional(),
    })
    .optional(),
  network: z
    .strictObject({
      restrictPublicAccess: z.boolean("must be true or false").optional(),
      allowedIpRanges: z.array(rule.publicIpv4Range).optional(),
      storageSubnetIds: z.array(rule.subnetId).optional(),
    })
    .optional(),
  keyVault: z
    .strictObject({
      sku: z.enum(["standard", "premium"]).optional(),
      softDeleteRetentionDays: z.int().min(7, "must be 7-90 days").max(90, "must be 7-90 days").optional(),
      purgeProtection: z.boolean().optional(),
    })
    .optional(),
  appConfiguration: z
    .strictObject({
      ...appSettings.appConfiguration,
      sku: z.enum(["free", "developer", "standard", "premium"]).optional(),
    })
    .optional(),
  registry: z.strictObject({ sku: z.enum(["Basic", "Standard", "Premium"]).optional() }).optional(),
  aks: z
    .strictObject({
      kubernetesVersion: z
        .string()
        .regex(/^\d+\.\d+(\.\d+)?$/, `must be a Kubernetes version such as 1.${minimumKubernetesMinor} or 1.${minimumKubernetesMinor}.2`)
        .optional(),
      skuTier: z.enum(["Free", "Standard", "Premium"]).optional(),
      zones: z
        .array(z.enum(["1", "2", "3"]))
        .refine((zones) => new Set(zones).size === zones.length, "must list each zone once")
        .optional(),
      upgradeChannel: z.enum(["none", "patch", "stable", "rapid", "node-image"]).optional(),
      nodeOsUpgradeChannel: z.enum(["None", "Unmanaged", "NodeImage", "SecurityPatch"]).optional(),
      adminGroupObjectIds: z.array(rule.uuid).optional(),
      // The system pool has a fixed size: autoscaling bounds would be accepted and silently ignored.
      systemPool: poolSchema.pick({ vmSize: true, count: true }).optional(),
      userPool: poolSchema.optional(),
    })
    .optional(),
  app: z
    .strictObject({
      namespace: rule.kubernetesName.optional(),
      minReplicas: rule.positiveInt.max(maximumReplicas, `must be at most ${maximumReplicas} (see app.maxReplicas)`).optional(),
      // Throughput past this is bound by the task hub's one work-item queue and its 1-16 control queues, not by pods.
      maxReplicas: rule.positiveInt
        .max(
          maximumReplicas,
          `must be at most ${maximumReplicas}: beyond that the task hub's queues (one work-item queue, about 2,000 messages/s: learn.microsoft.com/azure/storage/queues/scalability-targets; at most 16 control queues) bound throughput, while every replica adds polls and lease renewals`,
        )
        .optional(),
      cpuRequest: rule.kubernetesQuantity.optional(),
      cpuLimit: rule.kubernetesQuantity.optional(),
      memoryRequest: rule.kubernetesQuantity.optional(),
      memoryLimit: rule.kubernetesQuantity.optional(),
      terminationGracePeriodSeconds: z
        .int()
        .min(1, "must be a whole number of seconds from 1 to 86400")
        .max(86400, "must be a whole number of seconds from 1 to 86400")
        .optional(),
    })
    .optional(),
  image: imageSchema.optional(),
  ingress: z
    .strictObject({
      kind: z.enum(["gatewayApi", "nginx"]).optional(),
      /** Migration only: keep the NGINX data plane beside the Gateway until DNS points at the Gateway. */
      keepNginx: z.boolean().optional(),
    })
    .optional(),
  oauth2Proxy: z
    .strictObject({
      clientId: rule.uuid,
      tenantId: rule.uuid,
      allowedEmailDomains: z.array(rule.emailDomain).min(1, 'must list at least one domain (or "*")').optional(),
      allowedGroups: z.array(rule.uuid).optional(),
      apiAudience: rule.uuid.optional(),
      cookieRefresh: rule.duration.optional(),
      cookieExpire: rule.duration.optional(),
      chartVersion: z
        .string()
        .regex(/^\d+\.\d+\.\d+$/, "must be an exact chart version such as 10.4.2")
        .optional(),
      // A release tag, optionally pinned to a digest as .github/workflows/pin-image-digests.yml writes it: <tag>@sha256:<64 hex>.
      imageTag: z
        .string()
        .regex(
          /^(v7\.(1[5-9]|[2-9]\d)\.\d+|v([89]|\d{2,})\.\d+\.\d+)(@sha256:[a-f0-9]{64})?$/,
          "must be an exact oauth2-proxy release of v7.15.3 or later, such as v7.15.3, optionally with @sha256:<digest>",
        )
        .refine((tag) => !/^v7\.15\.[012](@|$)/.test(tag), "must be v7.15.3 or later (7.15.2 and earlier have auth bypasses)")
        .optional(),
    })
    .optional(),
  /** The trust level's Entra application: App Service authentication signs people in with it and accepts tokens for it. */
  auth: z.strictObject({ clientId: rule.uuid, tenantId: rule.uuid }).optional(),
  appService: z
    .strictObject({
      sku: z.enum(["EP1", "EP2", "EP3", "P0v3", "P1v3", "P2v3", "P3v3"]).optional(),
      minimumInstances: rule.positiveInt.optional(),
      functionKeys: z.boolean("must be true or false").optional(),
      allowedApplications: z.array(rule.uuid).optional(),
      signInIdentity: z.strictObject({ resourceId: rule.userAssignedIdentityId, clientId: rule.uuid }).optional(),
      stagingSlot: z.boolean("must be true or false").optional(),
      releaseStage: z.enum(["staging", "production"], "must be staging or production").optional(),
    })
    .optional(),
  monitoring: z
    .strictObject({
      logRetentionDays: z.int("must be a whole number").min(30, "must be 30-730 days").max(730, "must be 30-730 days").optional(),
      alertEmail: z.email("must be an e-mail address").optional(),
      alertWebhookUrl: z.url({ protocol: /^https$/, message: "must be an https:// URL" }).optional(),
      http5xxPercent: z.number("must be a number").positive("must be above 0").max(100, "must be at most 100").optional(),
      queueBacklogThreshold: rule.positiveInt.optional(),
      queueWaitMinutes: rule.positiveInt.optional(),
    })
    .optional(),
});

export type StackConfig = z.infer<typeof stackConfigSchema>;

/** Config keys whose values are secrets: never validated by content in messages, never stored unwrapped. */
export const secretConfigKeys = ["oauth2ProxyClientSecret"] as const;

/**
 * Nested keys whose values are secrets, set with `pulumi config set --secret --path <key>`: Pulumi then marks the whole
 * top-level object secret (NewSecureObjectValue in pulumi/pulumi sdk/go/common/resource/config/value.go).
 */
export const secretConfigPaths = ["monitoring.alertWebhookUrl"] as const;
