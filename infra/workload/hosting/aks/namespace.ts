import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { commonLabels } from "./labels";

/** A namespace where the API server itself enforces the restricted pod security profile. */
export function createRestrictedNamespace(name: string, namespace: string, opts: pulumi.CustomResourceOptions) {
  return new k8s.core.v1.Namespace(
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
}
