import * as web from "@pulumi/azure-native/web";
import * as pulumi from "@pulumi/pulumi";
import { appServiceSettingValues, appSettingNames } from "../../../../app/src/contract";
import type { AppSettings } from "../../appSettings";
import type { Settings } from "../../../config";
import { keyVaultReference } from "./keyVaultReference";

export interface AppServiceHostingArgs {
  /** What it reads of the validated settings. */
  readonly settings: Pick<Settings, "app" | "appService" | "location" | "names" | "tags">;
  appSettings: AppSettings;
  imageRef: pulumi.Input<string>;
  resourceGroupName: pulumi.Input<string>;
  identityId: pulumi.Input<string>;
  identityClientId: pulumi.Input<string>;
  /** The site resolves Key Vault references and pulls the image with the identity's grants: only once they propagated. */
  grantsPropagated: pulumi.Resource;
}

/** App Service sets these itself from the site; a value from us would be ignored or wrong. */
const platformOwnedSettings: string[] = [appSettingNames.websiteHostname];

const planSku = (sku: string) =>
  sku.startsWith("EP")
    ? { kind: "elastic", sku: { name: sku, tier: "ElasticPremium" } }
    : { kind: "linux", sku: { name: sku, tier: "PremiumV3" } };

/** The same settings map as App Service app settings: plain values as they are, secrets as Key Vault references. */
export function appServiceSettings(appSettings: AppSettings) {
  const plain = Object.entries(appSettings.plain)
    .filter(([name]) => !platformOwnedSettings.includes(name))
    .map(([name, value]) => ({ name, value }));
  const secrets = Object.entries(appSettings.secret).map(([name, setting]) => ({
    name,
    value: keyVaultReference(setting.keyVaultSecretUri),
  }));
  const platform = Object.entries(appServiceSettingValues).map(([name, value]) => ({ name, value }));
  return [...plain, ...secrets, ...platform];
}

/**
 * The app on a Linux Elastic Premium (or Premium v3) plan, running the same image by digest, pulled with the app's
 * managed identity. Function keys stay on: the settings map gives the app HttpAuthLevel=function here.
 */
export class AppServiceHosting extends pulumi.ComponentResource {
  readonly siteName: pulumi.Output<string>;
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: AppServiceHostingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("durable-aks:hosting:AppServiceHosting", name, {}, opts);
    const { settings } = args;
    const { kind, sku } = planSku(settings.appService.sku);
    const plan = new web.AppServicePlan(
      `${name}-plan`,
      {
        resourceGroupName: args.resourceGroupName,
        location: settings.location,
        kind,
        reserved: true,
        sku: { ...sku, capacity: settings.appService.minimumInstances },
        maximumElasticWorkerCount:
          kind === "elastic" ? Math.max(settings.app.maxReplicas, settings.appService.minimumInstances) : undefined,
        tags: settings.tags,
      },
      { parent: this },
    );
    const site = new web.WebApp(
      `${name}-site`,
      {
        name: settings.names.functionApp,
        resourceGroupName: args.resourceGroupName,
        location: settings.location,
        kind: "functionapp,linux,container",
        serverFarmId: plan.id,
        httpsOnly: true,
        clientCertEnabled: false,
        identity: { type: web.ManagedServiceIdentityType.UserAssigned, userAssignedIdentities: [args.identityId] },
        keyVaultReferenceIdentity: args.identityId,
        siteConfig: {
          linuxFxVersion: pulumi.interpolate`DOCKER|${args.imageRef}`,
          acrUseManagedIdentityCreds: true,
          acrUserManagedIdentityID: args.identityClientId,
          appSettings: appServiceSettings(args.appSettings),
          healthCheckPath: "/api/health",
          minTlsVersion: "1.2",
          scmMinTlsVersion: "1.2",
          ftpsState: "Disabled",
          http20Enabled: true,
          remoteDebuggingEnabled: false,
          minimumElasticInstanceCount: kind === "elastic" ? settings.appService.minimumInstances : undefined,
          alwaysOn: kind === "linux" ? true : undefined,
        },
        tags: settings.tags,
      },
      { parent: this, dependsOn: [args.grantsPropagated] },
    );
    disableBasicPublishingCredentials(name, site, args.resourceGroupName, this);
    this.siteName = site.name;
    this.url = pulumi.interpolate`https://${site.defaultHostName}/api`;
    this.registerOutputs({ siteName: this.siteName, url: this.url });
  }
}

/** Deployments and the Kudu (SCM) site accept Entra ID only: no publishing user name and password for SCM or FTP. */
function disableBasicPublishingCredentials(
  name: string,
  site: web.WebApp,
  resourceGroupName: pulumi.Input<string>,
  parent: pulumi.Resource,
) {
  const policy = { name: site.name, resourceGroupName, allow: false };
  new web.WebAppScmAllowed(`${name}-scm-basic-auth`, policy, { parent });
  new web.WebAppFtpAllowed(`${name}-ftp-basic-auth`, policy, { parent });
}
