import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AppSettings } from "../appSettings";
import type { Settings } from "../../config";
import { waitForRolePropagation } from "../../lib/roles";
import { AksHosting } from "./aks";
import { AppServiceHosting } from "./appService";

export interface HostingArgs {
  /** What it reads of the validated settings. */
  readonly settings: Pick<
    Settings,
    | "aks"
    | "app"
    | "appService"
    | "auth"
    | "durable"
    | "environment"
    | "hosting"
    | "hostname"
    | "ingress"
    | "location"
    | "names"
    | "oauth2Proxy"
    | "tags"
    | "tlsCertificateKeyVaultUri"
  >;
  appSettings: AppSettings;
  imageRef: pulumi.Output<string>;
  resourceGroupName: pulumi.Input<string>;
  storageAccountName: pulumi.Input<string>;
  storageAccountId: pulumi.Input<string>;
  identity: { identityId: pulumi.Input<string>; identityName: pulumi.Input<string>; clientId: pulumi.Input<string> };
  /** Role assignments the app (or the nodes pulling its image) uses as it starts: the app waits for their propagation. */
  appGrants: pulumi.Resource[];
  /** Present when hosting is aks. */
  cluster?: {
    provider: k8s.Provider;
    oidcIssuerUrl: pulumi.Input<string>;
    userPool: pulumi.Resource;
    kedaReady: pulumi.Resource;
    gatewayApi?: pulumi.Resource;
  };
}

/** What the deployed app tells the stack outputs. */
export interface HostedApp {
  /** The production API's base URL. */
  url: pulumi.Output<string>;
  /** App Service only: the value of the `asuid.<hostname>` TXT record a custom domain needs. */
  customDomainVerificationId?: pulumi.Output<string | undefined>;
  /** What production runs, when it differs from the image of this update (App Service, releaseStage staging). */
  productionImageRef?: pulumi.Output<string>;
  /** App Service with the staging slot: its API and the image it runs. */
  staging?: { url: pulumi.Output<string>; imageRef: pulumi.Output<string> };
}

/** The hosting variant the stack's config chooses; both deliver the same image and the same settings map. */
export function deployApp(args: HostingArgs): HostedApp {
  const { settings, identity } = args;
  const grantsPropagated = waitForRolePropagation("app-grants-propagation", args.appGrants);
  if (settings.hosting === "aks") {
    if (!args.cluster) throw new Error("hosting aks needs the cluster");
    return new AksHosting("app", {
      settings,
      provider: args.cluster.provider,
      appSettings: args.appSettings,
      imageRef: args.imageRef,
      resourceGroupName: args.resourceGroupName,
      identityName: identity.identityName,
      identityClientId: identity.clientId,
      oidcIssuerUrl: args.cluster.oidcIssuerUrl,
      storageAccountName: args.storageAccountName,
      storageAccountId: args.storageAccountId,
      userPool: args.cluster.userPool,
      grantsPropagated,
      kedaReady: args.cluster.kedaReady,
      gatewayApi: args.cluster.gatewayApi,
    });
  }
  return new AppServiceHosting("app", {
    settings,
    appSettings: args.appSettings,
    imageRef: args.imageRef,
    resourceGroupName: args.resourceGroupName,
    identityId: identity.identityId,
    identityClientId: identity.clientId,
    grantsPropagated,
  });
}
