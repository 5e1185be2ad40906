import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { containerPort, hostWritablePaths, runtimeUser } from "../../../../app/src/contract";
import type { Settings } from "../../../config";
import { preStopSleepSeconds } from "../../../config/podLifecycle";
import { appName, commonLabels, selectorLabels } from "./labels";

export const healthPath = "/api/health";

export interface AppDeploymentArgs {
  /** What it reads of the validated settings. */
  readonly settings: Pick<Settings, "aks" | "app">;
  namespace: pulumi.Input<string>;
  imageRef: pulumi.Input<string>;
  serviceAccountName: pulumi.Input<string>;
  configMapName: pulumi.Input<string>;
  secretName: pulumi.Input<string>;
  /** Annotations of the pod template: checksums of the settings, so a changed value rolls the pods. */
  podAnnotations: Record<string, pulumi.Input<string>>;
}

const probe = (periodSeconds: number, failureThreshold: number) => ({
  httpGet: { path: healthPath, port: "http" },
  periodSeconds,
  timeoutSeconds: 5,
  failureThreshold,
});

/** Spread over zones (hard, when the cluster has zones) and nodes (soft) so one failure never takes every replica. */
function spreadConstraints(settings: Pick<Settings, "aks">) {
  const constraint = (topologyKey: string, whenUnsatisfiable: string) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable,
    labelSelector: { matchLabels: selectorLabels },
    // Skew is counted per ReplicaSet, so a rollout's surge pod is not held back by the pods it replaces.
    matchLabelKeys: ["pod-template-hash"],
    // Nodes the pod cannot run on (the tainted system pool) are no domains: nodeTaintsPolicy defaults to Ignore
    // (https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/).
    nodeTaintsPolicy: "Honor",
    nodeAffinityPolicy: "Honor",
  });
  const spread = [constraint("kubernetes.io/hostname", "ScheduleAnyway")];
  if (settings.aks.zones.length > 1) spread.unshift(constraint("topology.kubernetes.io/zone", "DoNotSchedule"));
  return spread;
}

/** One emptyDir per path the host writes, so the root filesystem can stay read-only. */
const writableVolumes = hostWritablePaths.map((path) => ({ name: `writable${path.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}`, path }));

/**
 * The app's Deployment. Replicas are left to the KEDA ScaledObject (min/max from config): a fixed `replicas`
 * here would be reset on every `pulumi up` and fight the autoscaler.
 */
export function createAppDeployment(name: string, args: AppDeploymentArgs, opts: pulumi.CustomResourceOptions) {
  const { settings } = args;
  return new k8s.apps.v1.Deployment(
    name,
    {
      metadata: { name: appName, namespace: args.namespace, labels: commonLabels },
      spec: {
        selector: { matchLabels: selectorLabels },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: { labels: { ...commonLabels, "azure.workload.identity/use": "true" }, annotations: args.podAnnotations },
          spec: {
            serviceAccountName: args.serviceAccountName,
            automountServiceAccountToken: false,
            // After SIGTERM the host takes no new work (drain mode: on whenever KUBERNETES_SERVICE_HOST is set, azure-functions-host
            // src/WebJobs.Script/Environment/EnvironmentExtensions.cs) and stops within its own budget (config/podLifecycle.ts).
            terminationGracePeriodSeconds: settings.app.terminationGracePeriodSeconds,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: runtimeUser.uid,
              runAsGroup: runtimeUser.gid,
              fsGroup: runtimeUser.gid,
              seccompProfile: { type: "RuntimeDefault" },
            },
            topologySpreadConstraints: spreadConstraints(settings),
            containers: [
              {
                name: "functions",
                image: args.imageRef,
                imagePullPolicy: "IfNotPresent",
                ports: [{ name: "http", containerPort }],
                envFrom: [{ configMapRef: { name: args.configMapName } }, { secretRef: { name: args.secretName } }],
                resources: {
                  requests: { cpu: settings.app.cpuRequest, memory: settings.app.memoryRequest },
                  limits: { cpu: settings.app.cpuLimit, memory: settings.app.memoryLimit },
                },
                startupProbe: probe(5, 30),
                livenessProbe: probe(10, 3),
                readinessProbe: probe(5, 3),
                // Lets the ingress stop routing to the pod before the host begins to shut down.
                lifecycle: { preStop: { sleep: { seconds: preStopSleepSeconds } } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  privileged: false,
                  runAsNonRoot: true,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ["ALL"] },
                  seccompProfile: { type: "RuntimeDefault" },
                },
                volumeMounts: writableVolumes.map(({ name, path }) => ({ name, mountPath: path })),
              },
            ],
            volumes: writableVolumes.map(({ name }) => ({ name, emptyDir: {} })),
          },
        },
      },
    },
    opts,
  );
}
