import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../../../config";
import { appName, commonLabels } from "./labels";

/** The queues the Azure Storage backend keeps per task hub: one work-item queue, one control queue per partition. */
export function taskHubQueues(taskHubName: string, partitionCount: number): string[] {
  const hub = taskHubName.toLowerCase();
  const control = Array.from({ length: partitionCount }, (_, index) => `${hub}-control-${String(index).padStart(2, "0")}`);
  return [`${hub}-workitems`, ...control];
}

const isControlQueue = (queueName: string) => queueName.includes("-control-");

/**
 * What KEDA counts per queue. Control queues: visible messages only, since a Durable timer waits there as an invisible
 * message until it fires (durabletask src/DurableTask.AzureStorage/Messaging/TaskHubQueue.cs) and a 3-day approval would
 * otherwise hold replicas for 3 days. KEDA peeks at most 32 and falls back to the full count above that
 * (kedacore/keda pkg/scalers/azure_queue_scaler.go). Work-item queue: all messages, since an invisible one there is an
 * activity running now, and its replica should stay.
 */
const queueLengthStrategy = (queueName: string) => (isControlQueue(queueName) ? "visibleonly" : "all");

/**
 * Scale in slowly: a removed pod's host stops its task hub worker, and work it held waits for its queue message's
 * visibility timeout before another pod takes it. So the HPA removes at most one pod per 5 minutes, and only after
 * 10 minutes of lower demand (HPA v2 behaviour, which KEDA passes to the HPA it owns: kedacore/keda
 * apis/keda/v1alpha1/scaledobject_types.go HorizontalPodAutoscalerConfig.Behavior, controllers/keda/hpa.go).
 */
export const scaleDownBehaviour = {
  stabilizationWindowSeconds: 600,
  selectPolicy: "Min",
  policies: [{ type: "Pods", value: 1, periodSeconds: 300 }],
};

/** How KEDA reaches the queues: the account by name, with the TriggerAuthentication's workload identity. */
export interface QueueScalerAuthentication {
  accountName: pulumi.Input<string>;
  triggerAuthenticationName: pulumi.Input<string>;
}

/**
 * Scales the Deployment through the cluster's KEDA add-on on the task hub's queue backlog: activities wait in the
 * work-item queue, orchestrator and entity messages in the control queues, so their length is the pending work. The
 * control queues are those of `durable.partitionCount`, the same value the host gets. No activationQueueLength: it only
 * decides scaling between 0 and 1 replica (keda azure_queue_scaler.go: active when length > activation), and
 * app.minReplicas is at least 1.
 */
export function createDurableQueueScaler(
  name: string,
  settings: Pick<Settings, "app" | "durable">,
  namespace: pulumi.Input<string>,
  deploymentName: pulumi.Input<string>,
  auth: QueueScalerAuthentication,
  opts: pulumi.CustomResourceOptions,
) {
  return new k8s.apiextensions.CustomResource(
    name,
    {
      apiVersion: "keda.sh/v1alpha1",
      kind: "ScaledObject",
      metadata: { name: appName, namespace, labels: commonLabels },
      spec: {
        scaleTargetRef: { name: deploymentName },
        minReplicaCount: settings.app.minReplicas,
        maxReplicaCount: settings.app.maxReplicas,
        pollingInterval: 15,
        // No cooldownPeriod: KEDA reads it only when scaling to zero, and minReplicaCount is at least 1 (keda pkg/scaling/executor/scale_scaledobjects.go).
        advanced: { horizontalPodAutoscalerConfig: { behavior: { scaleDown: scaleDownBehaviour } } },
        triggers: taskHubQueues(settings.durable.taskHubName, settings.durable.partitionCount).map((queueName) => ({
          type: "azure-queue",
          // With the azure-workload provider the scaler needs accountName, not a connection (kedacore/keda pkg/scalers/azure_queue_scaler.go).
          metadata: { queueName, queueLength: "5", queueLengthStrategy: queueLengthStrategy(queueName), accountName: auth.accountName },
          authenticationRef: { name: auth.triggerAuthenticationName },
        })),
      },
    },
    opts,
  );
}
