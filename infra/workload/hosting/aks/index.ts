import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AppSettings } from "../../appSettings";
import type { Settings } from "../../../config";
import { containerPort } from "../../../../app/src/contract";
import { createAppDeployment } from "./deployment";
import { createDurableQueueScaler } from "./durableQueueScaler";
import { createKedaAuthentication } from "./kedaAuthentication";
import { createPublicIngress } from "./ingress";
import { selectorLabels, appName } from "./labels";
import { publicPaths } from "./publicPaths";
import { createRestrictedNamespace } from "./namespace";
import { createIngressOnlyPolicy } from "./networkPolicy";
import { createServiceAndBudget, servicePort } from "./serviceAndBudget";
import { createSettingsObjects } from "./settingsObjects";
import { createWorkloadIdentity } from "./workloadIdentity";

export interface AksHostingArgs {
  /** What it reads of the validated settings. */
  readonly settings: Pick<
    Settings,
    | "aks"
    | "app"
    | "durable"
    | "environment"
    | "hostname"
    | "ingress"
    | "location"
    | "names"
    | "oauth2Proxy"
    | "tags"
    | "tlsCertificateKeyVaultUri"
  >;
  provider: k8s.Provider;
  appSettings: AppSettings;
  imageRef: pulumi.Input<string>;
  resourceGroupName: pulumi.Input<string>;
  identityName: pulumi.Input<string>;
  identityClientId: pulumi.Input<string>;
  oidcIssuerUrl: pulumi.Input<string>;
  storageAccountName: pulumi.Input<string>;
  /** KEDA's identity reads the task hub's queues on this account. */
  storageAccountId: pulumi.Input<string>;
  /** The nodes the workloads may run on: the system pool is tainted CriticalAddonsOnly. */
  userPool: pulumi.Resource;
  /** The app starts only after its role assignments have propagated. */
  grantsPropagated: pulumi.Resource;
  /** The cluster serves KEDA's CRDs: the ScaledObject and TriggerAuthentication wait for it. */
  kedaReady: pulumi.Resource;
  /** The cluster serves the Gateway API CRDs, when ingress.kind is gatewayApi. */
  gatewayApi?: pulumi.Resource;
}

/** The app on AKS: the settings map as ConfigMap + Secret, the image by digest, KEDA scaling, an authenticated ingress. */
export class AksHosting extends pulumi.ComponentResource {
  readonly namespace: pulumi.Output<string>;
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: AksHostingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("durable-aks:hosting:AksHosting", name, {}, opts);
    const { settings, provider } = args;
    const kube = { parent: this, provider };
    const namespace = createRestrictedNamespace(`${name}-namespace`, settings.app.namespace, kube).metadata.name;
    const { serviceAccount } = createWorkloadIdentity(name, { ...args, namespace }, this, provider);
    const { triggerAuthentication } = createKedaAuthentication(name, { ...args, namespace }, this, provider, args.kedaReady);
    const { configMap, secret, checksums } = createSettingsObjects(name, namespace, args.appSettings, kube);
    const deployment = createAppDeployment(
      `${name}-deployment`,
      {
        settings,
        namespace,
        imageRef: args.imageRef,
        serviceAccountName: serviceAccount.metadata.name,
        configMapName: configMap.metadata.name,
        secretName: secret.metadata.name,
        podAnnotations: checksums,
      },
      { ...kube, dependsOn: [args.userPool, args.grantsPropagated] },
    );
    const { service } = createServiceAndBudget(name, namespace, kube);
    const scalerAuth = { accountName: args.storageAccountName, triggerAuthenticationName: triggerAuthentication.metadata.name };
    createDurableQueueScaler(`${name}-scaler`, settings, namespace, deployment.metadata.name, scalerAuth, {
      ...kube,
      dependsOn: [args.kedaReady],
    });
    const ingress = createPublicIngress(`${name}-ingress`, {
      settings,
      provider,
      backend: {
        namespace,
        serviceName: service.metadata.name,
        servicePort,
        podLabels: selectorLabels,
        podPort: containerPort,
        publicPaths,
      },
      gatewayApi: args.gatewayApi,
      workloadsDependOn: [args.userPool],
      imageRef: args.imageRef,
      parent: this,
    });
    createIngressOnlyPolicy(
      `${name}-network-policy`,
      {
        namespace,
        name: `${appName}-ingress-only`,
        podLabels: selectorLabels,
        port: containerPort,
        allowedNamespaces: ingress.sourceNamespaces,
      },
      kube,
    );
    this.namespace = namespace;
    this.url = ingress.url;
    this.registerOutputs({ namespace: this.namespace, url: this.url });
  }
}
