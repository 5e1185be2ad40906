import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";

/**
 * SHA-256 of a ConfigMap's or Secret's data, for a pod template annotation: a changed value changes the template, so
 * Kubernetes rolls the pods (envFrom is read only at container start). A digest of high-entropy secrets reveals
 * nothing, so it is deliberately not a Pulumi secret: it may show in diffs and in the rendered manifests.
 */
export function dataChecksum(data: pulumi.Input<Record<string, pulumi.Input<string>>>): pulumi.Output<string> {
  const digest = pulumi.output(data).apply((values) => {
    const canonical = JSON.stringify(
      Object.keys(values)
        .sort()
        .map((key) => [key, values[key]]),
    );
    return createHash("sha256").update(canonical).digest("hex");
  });
  return pulumi.unsecret(digest);
}
