import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../../config";
import { appName, commonLabels } from "./labels";

/** Durable Functions' Azure Storage backend default; control queues are `<hub>-control-00` .. `-03`. */
export const durablePartitionCount = 4;

/** The queues the Azure Storage backend keeps per task hub: one work-item queue, one control queue per partition. */
export function taskHubQueues(taskHubName: string, partitionCount = durablePartitionCount): string[] {
  const hub = taskHubName.toLowerCase();
  const control = Array.from({ length: partitionCount }, (_, index) => `${hub}-control-${String(index).padStart(2, "0")}`);
  return [`${hub}-workitems`, ...control];
}

/**
 * Scales the Deployment through the cluster's KEDA add-on on the task hub's queue backlog: activities wait in the
 * work-item queue, orchestrator and entity messages in the control queues, so their length is the pending work.
 */
/** How KEDA reaches the queues: the account by name, with the TriggerAuthentication's workload identity. */
export interface QueueScalerAuthentication {
  accountName: pulumi.Input<string>;
  triggerAuthenticationName: pulumi.Input<string>;
}

export function createDurableQueueScaler(
  name: string,
  settings: Settings,
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
        cooldownPeriod: 300,
        triggers: taskHubQueues(settings.durable.taskHubName).map((queueName) => ({
          type: "azure-queue",
          // With the azure-workload provider the scaler needs accountName, not a connection (kedacore/keda pkg/scalers/azure_queue_scaler.go).
          metadata: { queueName, queueLength: "5", accountName: auth.accountName },
          authenticationRef: { name: auth.triggerAuthenticationName },
        })),
      },
    },
    opts,
  );
}
