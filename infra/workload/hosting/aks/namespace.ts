import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { createEgressPolicies } from "./egressPolicy";
import { commonLabels } from "./labels";

/**
 * A namespace where the API server itself enforces the restricted pod security profile, and whose pods may reach only
 * DNS and HTTPS outside the cluster (never the node's metadata endpoint) unless another policy allows more.
 */
export function createRestrictedNamespace(name: string, namespace: string, opts: pulumi.CustomResourceOptions) {
  const created = new k8s.core.v1.Namespace(
    name,
    {
      metadata: {
        name: namespace,
        labels: {
          ...commonLabels,
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/enforce-version": "latest",
          "pod-security.kubernetes.io/warn": "restricted",
        },
      },
    },
    opts,
  );
  createEgressPolicies(name, created.metadata.name, opts);
  return created;
}
