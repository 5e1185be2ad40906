import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AppSettings } from "../../appSettings";
import { dataChecksum } from "./checksum";
import { appName, commonLabels } from "./labels";

/**
 * The one settings map as Kubernetes objects: plain values in a ConfigMap, secret values only in a Secret, and the
 * checksums of both for the pod template (a changed value must roll the pods).
 */
export function createSettingsObjects(
  name: string,
  namespace: pulumi.Input<string>,
  appSettings: AppSettings,
  opts: pulumi.CustomResourceOptions,
) {
  const configMap = new k8s.core.v1.ConfigMap(
    `${name}-settings`,
    { metadata: { name: `${appName}-settings`, namespace, labels: commonLabels }, data: appSettings.plain },
    opts,
  );
  const secretData = Object.fromEntries(Object.entries(appSettings.secret).map(([key, setting]) => [key, setting.value]));
  const secret = new k8s.core.v1.Secret(
    `${name}-secrets`,
    {
      metadata: { name: `${appName}-secrets`, namespace, labels: commonLabels },
      type: "Opaque",
      stringData: pulumi.secret(secretData),
    },
    opts,
  );
  const checksums = { "checksum/config": dataChecksum(appSettings.plain), "checksum/secret": dataChecksum(secretData) };
  return { configMap, secret, checksums };
}
