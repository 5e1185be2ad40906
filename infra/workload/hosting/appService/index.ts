import * as web from "@pulumi/azure-native/web";
import * as pulumi from "@pulumi/pulumi";
import type { AppSettings } from "../../appSettings";
import type { AuthSettings, Settings } from "../../../config";
import { bindCustomDomain } from "./customDomain";
import { entraSignIn, healthPath, signInAppSettings } from "./entraSignIn";
import { productionImage } from "./releaseStage";
import { appServiceSettings, type NameValue } from "./siteSettings";
import { stagingOverrides, stagingSlot } from "./stagingSlot";

export { appServiceSettings } from "./siteSettings";

export interface AppServiceHostingArgs {
  /** What it reads of the validated settings. */
  readonly settings: Pick<Settings, "app" | "appService" | "auth" | "location" | "names" | "tags">;
  appSettings: AppSettings;
  /** The image this update deploys: to production and the staging slot, or at the staging stage to the slot alone. */
  imageRef: pulumi.Input<string>;
  resourceGroupName: pulumi.Input<string>;
  identityId: pulumi.Input<string>;
  identityClientId: pulumi.Input<string>;
  /** The site resolves Key Vault references and pulls the image with the identity's grants: only once they propagated. */
  grantsPropagated: pulumi.Resource;
}

const planSku = (sku: string) =>
  sku.startsWith("EP")
    ? { kind: "elastic", sku: { name: sku, tier: "ElasticPremium" } }
    : { kind: "linux", sku: { name: sku, tier: "PremiumV3" } };

/** What a site and its slots share: the plan, the identities, the hardening; the image and the settings are each one's. */
function siteProperties(
  args: AppServiceHostingArgs,
  plan: { id: pulumi.Input<string>; kind: string },
  site: { imageRef: pulumi.Input<string>; appSettings: NameValue[] },
) {
  const { settings } = args;
  const { signInIdentity } = settings.appService;
  return {
    resourceGroupName: args.resourceGroupName,
    location: settings.location,
    kind: "functionapp,linux,container",
    serverFarmId: plan.id,
    httpsOnly: true,
    clientCertEnabled: false,
    identity: {
      type: web.ManagedServiceIdentityType.UserAssigned,
      // The sign-in's federated identity is on the site only for App Service authentication; the app never uses it.
      userAssignedIdentities: [args.identityId, ...(signInIdentity ? [signInIdentity.resourceId] : [])],
    },
    keyVaultReferenceIdentity: args.identityId,
    siteConfig: {
      linuxFxVersion: pulumi.interpolate`DOCKER|${site.imageRef}`,
      acrUseManagedIdentityCreds: true,
      acrUserManagedIdentityID: args.identityClientId,
      appSettings: site.appSettings,
      healthCheckPath: healthPath,
      minTlsVersion: "1.2",
      scmMinTlsVersion: "1.2",
      ftpsState: "Disabled",
      http20Enabled: true,
      remoteDebuggingEnabled: false,
      minimumElasticInstanceCount: plan.kind === "elastic" ? settings.appService.minimumInstances : undefined,
      alwaysOn: plan.kind === "linux" ? true : undefined,
    },
    tags: settings.tags,
  };
}

/**
 * The app on a Linux Elastic Premium (or Premium v3) plan, running the same image by digest, pulled with the app's
 * managed identity, behind App Service authentication with the trust level's Entra application.
 */
export class AppServiceHosting extends pulumi.ComponentResource {
  readonly siteName: pulumi.Output<string>;
  /** The production API: at the custom domain when `hostname` is set, else at the site's default host. */
  readonly url: pulumi.Output<string>;
  /** The value of the `asuid.<hostname>` TXT record a custom domain needs (one per subscription). */
  readonly customDomainVerificationId: pulumi.Output<string | undefined>;
  /** What production runs. */
  readonly productionImageRef: pulumi.Output<string>;
  /** Present with the staging slot: its API and the image it runs. */
  readonly staging?: { url: pulumi.Output<string>; imageRef: pulumi.Output<string> };

  constructor(name: string, args: AppServiceHostingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("durable-aks:hosting:AppServiceHosting", name, {}, opts);
    const { settings } = args;
    const auth = requireAuth(settings.auth);
    const signIn = { auth, appService: settings.appService };
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
    const planRef = { id: plan.id, kind };
    const productionImageRef = productionImage(name, settings.appService.releaseStage, args.imageRef, this);
    const site = new web.WebApp(
      `${name}-site`,
      {
        name: settings.names.functionApp,
        ...siteProperties(args, planRef, {
          imageRef: productionImageRef,
          appSettings: appServiceSettings(args.appSettings, {}, signInAppSettings(signIn)),
        }),
      },
      { parent: this, dependsOn: [args.grantsPropagated] },
    );
    const { stagingSlot: slot } = settings.appService;
    const staging = slot
      ? stagingSlot(
          name,
          {
            slot,
            site,
            resourceGroupName: args.resourceGroupName,
            properties: siteProperties(args, planRef, {
              imageRef: args.imageRef,
              appSettings: appServiceSettings(args.appSettings, stagingOverrides(slot), signInAppSettings(signIn)),
            }),
            signIn,
            dependsOn: [args.grantsPropagated],
          },
          this,
        )
      : undefined;
    new web.WebAppAuthSettingsV2(
      `${name}-auth`,
      { name: site.name, resourceGroupName: args.resourceGroupName, ...entraSignIn(signIn) },
      { parent: this, dependsOn: [site] },
    );
    disableBasicPublishingCredentials(name, site, args.resourceGroupName, this);
    const { customDomain } = settings.appService;
    const domain = customDomain
      ? bindCustomDomain(
          name,
          {
            hostname: customDomain,
            siteName: site.name,
            resourceGroupName: args.resourceGroupName,
            location: settings.location,
            planId: plan.id,
            tags: settings.tags,
          },
          this,
        )
      : undefined;
    this.siteName = site.name;
    this.url = domain ? pulumi.output(domain.url) : pulumi.interpolate`https://${site.defaultHostName}/api`;
    this.customDomainVerificationId = site.customDomainVerificationId;
    this.productionImageRef = productionImageRef;
    this.staging = staging ? { url: staging.url, imageRef: pulumi.output(args.imageRef) } : undefined;
    this.registerOutputs({
      siteName: this.siteName,
      url: this.url,
      customDomainVerificationId: this.customDomainVerificationId,
      productionImageRef: this.productionImageRef,
      stagingUrl: this.staging?.url,
    });
  }
}

/** Config validation requires `auth` with App Service; this only narrows the type. */
function requireAuth(auth: AuthSettings | undefined): AuthSettings {
  if (!auth) throw new Error("hosting appService needs settings.auth (config validation requires it)");
  return auth;
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
