import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as resources from "@pulumi/azure-native/resources";
import { apiSignIn, type Hosting, type Settings } from "./config";
import { AksCluster } from "./platform/aks/cluster";
import { buildAppSettings } from "./workload/appSettings";
import { deployApp } from "./workload/hosting";
import { createAppImage } from "./workload/image";
import { AppConfiguration } from "./platform/appConfiguration";
import { AppIdentity } from "./platform/identity";
import { KeyVault } from "./platform/keyVault";
import { Monitoring } from "./platform/monitoring";
import { Registry } from "./platform/registry";
import { Storage } from "./platform/storage";

/** What a user needs after `pulumi up`: `pulumi stack output <name>`. */
export interface StackOutputs {
  resourceGroupName: pulumi.Output<string>;
  registryName: pulumi.Output<string>;
  registryLoginServer: pulumi.Output<string>;
  /** The registry's resource id: a promoting stack imports from it with `az acr import --registry <id>`. */
  registryId: pulumi.Output<string>;
  /** Present when hosting is aks. */
  clusterName?: pulumi.Output<string>;
  keyVaultUri: pulumi.Output<string>;
  appConfigurationEndpoint: pulumi.Output<string>;
  storageAccountName: pulumi.Output<string>;
  taskHubName: pulumi.Output<string>;
  hostId: pulumi.Output<string>;
  hosting: pulumi.Output<Hosting>;
  hostname: pulumi.Output<string>;
  identityClientId: pulumi.Output<string>;
  /**
   * The image this stack's production runs, by digest; a promoting stack reads this output of the stack that built it.
   * At App Service's staging stage production keeps its image and the new one is stagingImageRef.
   */
  imageRef: pulumi.Output<string>;
  /** App Service with the staging slot: the image the slot runs (the candidate at the staging stage). */
  stagingImageRef?: pulumi.Output<string>;
  /** App Service with the staging slot: the slot's API, where a candidate is smoke-tested. */
  stagingUrl?: pulumi.Output<string>;
  /** The production API's base URL: the public hostname on AKS; on App Service the custom domain or the site's default host. */
  url: pulumi.Output<string>;
  /**
   * The client id access tokens for the API carry as audience: request them for `api://<apiAudience>/.default`
   * (the application OAuth2 Proxy accepts bearer tokens for on AKS, the one App Service authentication signs in with).
   */
  apiAudience: pulumi.Output<string>;
  /** App Service only: the value of the `asuid.<hostname>` TXT record a custom domain needs before `hostname` is set. */
  customDomainVerificationId?: pulumi.Output<string | undefined>;
  applicationInsightsName: pulumi.Output<string>;
  /** Resource id of the Log Analytics workspace every log of the stack lands in. */
  logAnalyticsWorkspaceId: pulumi.Output<string>;
}

/** The whole program for one stack; `settings` comes from loadSettings(), validated before anything is created. */
export function createStack(settings: Settings): StackOutputs {
  // Only the tenant id: the program grants nothing to whoever runs it (their roles come from bootstrap/).
  const { tenantId } = authorization.getClientConfigOutput();
  // bootstrap/ creates the group and grants the stack's deploying identity its roles there, so nothing here needs subscription rights.
  const group = resources.getResourceGroupOutput({ resourceGroupName: settings.names.resourceGroup });
  const resourceGroupName = group.name;

  const storage = new Storage("storage", { settings, resourceGroupName });
  const registry = new Registry("registry", { settings, resourceGroupName });
  const keyVault = new KeyVault("keyvault", {
    settings,
    resourceGroupName,
    tenantId,
    auditTableConnection: storage.auditTableConnection,
  });
  const appConfiguration = new AppConfiguration("appconfig", {
    settings,
    resourceGroupName,
    connectionStringSecretUri: keyVault.connectionStringSecretUri,
  });
  const identity = new AppIdentity("app", {
    settings,
    resourceGroupName,
    keyVaultId: keyVault.vaultId,
    appConfigurationStoreId: appConfiguration.storeId,
    storageAccountId: storage.accountId,
    registryId: registry.registryId,
  });
  const monitoring = new Monitoring("monitoring", {
    settings,
    resourceGroupName,
    identityPrincipalId: identity.principalId,
    keyVaultId: keyVault.vaultId,
    storageAccountId: storage.accountId,
    appConfigurationStoreId: appConfiguration.storeId,
    registryId: registry.registryId,
  });
  const cluster =
    settings.hosting === "aks"
      ? new AksCluster("aks", {
          settings,
          resourceGroupName,
          registryId: registry.registryId,
          omsAgentAddon: monitoring.omsAgentAddon,
        })
      : undefined;
  if (cluster) monitoring.watchCluster(cluster.clusterId);

  const image = createAppImage(settings.image, {
    registryName: registry.registryName,
    loginServer: registry.loginServer,
    registryId: registry.registryId,
    resourceGroupName,
  });
  const appSettings = buildAppSettings({
    settings,
    appConfigurationEndpoint: appConfiguration.endpoint,
    identityClientId: identity.clientId,
    storageAccountName: storage.accountName,
    keyedStorageConnectionString: storage.keyedConnectionString,
    storageConnectionStringSecretUri: keyVault.connectionStringSecretUri,
    applicationInsightsConnectionString: monitoring.applicationInsightsConnectionString,
  });
  const appGrants = [...identity.grants, ...monitoring.grants, ...(cluster?.grants ?? [])];
  const app = deployApp({
    settings,
    appSettings,
    imageRef: image.imageRef,
    resourceGroupName,
    storageAccountName: storage.accountName,
    storageAccountId: storage.accountId,
    identity,
    appGrants,
    cluster,
  });

  return {
    resourceGroupName,
    registryName: registry.registryName,
    registryLoginServer: registry.loginServer,
    registryId: registry.registryId,
    ...(cluster ? { clusterName: cluster.clusterName } : {}),
    keyVaultUri: keyVault.vaultUri,
    appConfigurationEndpoint: appConfiguration.endpoint,
    storageAccountName: storage.accountName,
    taskHubName: pulumi.output(settings.durable.taskHubName),
    hostId: pulumi.output(settings.durable.hostId),
    hosting: pulumi.output(settings.hosting),
    hostname: pulumi.output(settings.hostname),
    identityClientId: identity.clientId,
    imageRef: app.productionImageRef ?? image.imageRef,
    ...(app.staging ? { stagingImageRef: app.staging.imageRef, stagingUrl: app.staging.url } : {}),
    url: app.url,
    apiAudience: pulumi.output(apiSignIn(settings).audience),
    ...(app.customDomainVerificationId ? { customDomainVerificationId: app.customDomainVerificationId } : {}),
    applicationInsightsName: monitoring.applicationInsightsName,
    logAnalyticsWorkspaceId: monitoring.workspaceId,
  };
}
