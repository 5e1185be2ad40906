import { mandatoryResourcePolicy } from "../lib/define-policy";
import { dockerImageType, isPodWorkloadType, isWebSiteType, kubernetesTypes } from "../lib/resource-types";
import { asArray, asString, pathOf, stringMap, type Props } from "../lib/props";
import { containersOf, describeContainer, podSpecOf } from "../lib/pod-spec";
import { isKeyVaultReference, isSecretSetting } from "../lib/secret-settings";

type Report = (message: string) => void;

export const secretsNotInPlainConfig = mandatoryResourcePolicy({
  name: "secrets-not-in-plain-config",
  description:
    "Secrets travel as Kubernetes Secrets or Key Vault references: never in a ConfigMap, a plain env value, a plain app setting or a build arg.",
  appliesTo: (type) => type === kubernetesTypes.configMap || isPodWorkloadType(type) || isWebSiteType(type) || type === dockerImageType,
  validate: (props, args, reportViolation) => {
    if (args.type === kubernetesTypes.configMap) checkConfigMap(props, reportViolation);
    else if (isWebSiteType(args.type)) checkAppSettings(props, reportViolation);
    else if (args.type === dockerImageType) checkBuildArgs(props, reportViolation);
    else checkContainerEnv(args.type, props, reportViolation);
  },
});

function checkConfigMap(props: Props, reportViolation: Report): void {
  for (const [key, value] of stringMap(props["data"])) {
    if (isSecretSetting(key, value)) {
      reportViolation(
        `ConfigMap key "${key}" holds a secret: move it to a Kubernetes Secret (envFrom secretRef) and keep only non-secret settings in the ConfigMap.`,
      );
    }
  }
}

function checkContainerEnv(type: string, props: Props, reportViolation: Report): void {
  for (const container of containersOf(podSpecOf(type, props))) {
    for (const variable of asArray(container.props["env"])) {
      const name = asString(pathOf(variable, "name")) ?? "";
      const value = asString(pathOf(variable, "value"));
      if (value !== undefined && isSecretSetting(name, value)) {
        reportViolation(
          `${describeContainer(container)} sets secret "${name}" as a plain env value: take it from a Secret (valueFrom.secretKeyRef or envFrom secretRef).`,
        );
      }
    }
  }
}

function checkAppSettings(props: Props, reportViolation: Report): void {
  for (const item of asArray(pathOf(props, "siteConfig", "appSettings"))) {
    const name = asString(pathOf(item, "name")) ?? "";
    const value = asString(pathOf(item, "value"));
    if (isSecretSetting(name, value) && !isKeyVaultReference(value)) {
      reportViolation(
        `App setting "${name}" holds a secret in plain text: store it in Key Vault and set the value to @Microsoft.KeyVault(SecretUri=<secret uri>).`,
      );
    }
  }
}

function checkBuildArgs(props: Props, reportViolation: Report): void {
  for (const [name, value] of stringMap(pathOf(props, "buildArgs"))) {
    if (isSecretSetting(name, value)) {
      reportViolation(
        `Build arg "${name}" looks like a secret and would stay readable in the image history: pass it as a BuildKit secret (--mount=type=secret) instead.`,
      );
    }
  }
}
