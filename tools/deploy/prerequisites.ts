import { minimumKubectlMinor } from "../../infra/platform/aks/crdsReady";
import { gaAzureCliVersion } from "../../infra/platform/aks/gatewayApi";
import { runJson, type Runner } from "./shell";

/** What the stack needs on this machine, derived from its settings. */
export interface Needs {
  /** The stack builds the image (image.build): Docker with a buildx builder. */
  build: boolean;
  /** The stack runs on AKS: kubelogin turns the Azure CLI sign-in into cluster tokens. */
  aks: boolean;
  /** `up` on AKS waits for the add-ons' CRDs with kubectl (infra/platform/aks/crdsReady.ts); a destroy does not. */
  kubectl: boolean;
  /** The Gateway API enablement runs `az aks update` with flags that are GA from this Azure CLI version. */
  gatewayApi: boolean;
}

export interface Account {
  subscriptionId: string;
  subscriptionName: string;
  tenantId: string;
  user: string;
}

export interface PrerequisiteReport {
  account?: Account;
  /** Each missing prerequisite, with exactly what to run. Empty: all present. */
  missing: Array<{ what: string; fix: string }>;
}

/**
 * The oldest Pulumi CLI this command drives: the Automation API streams engine events over gRPC from 3.205 on, and the
 * CLI should be at least as new as the SDK the program is written against (package.json, @pulumi/pulumi).
 */
export const minimumPulumiCli = [3, 270, 0] as const;

const versionOf = (text: string) => /v?(\d+)\.(\d+)\.(\d+)/.exec(text)?.slice(1, 4).map(Number);
const atLeast = (version: number[], minimum: readonly number[]) => {
  for (let i = 0; i < minimum.length; i++) if (version[i] !== minimum[i]) return version[i]! > minimum[i]!;
  return true;
};

/** Checks everything before anything is created; every problem says what to run. */
export async function checkPrerequisites(run: Runner, needs: Needs): Promise<PrerequisiteReport> {
  const missing: PrerequisiteReport["missing"] = [];
  const account = await runJson<{ id: string; name: string; tenantId: string; user?: { name?: string } }>(run, "az", [
    "account",
    "show",
    "--output",
    "json",
  ]);
  const azInstalled = account !== undefined || (await run("az", ["version", "--output", "json"])).code === 0;
  if (!azInstalled)
    missing.push({
      what: "the Azure CLI",
      fix: "install it (https://learn.microsoft.com/cli/azure/install-azure-cli), then run `az login`",
    });
  else if (!account)
    missing.push({ what: "an Azure CLI sign-in", fix: "run `az login`, then `az account set --subscription <id or name>`" });

  const pulumi = await run("pulumi", ["version"]);
  const pulumiVersion = pulumi.code === 0 ? versionOf(pulumi.stdout) : undefined;
  const wanted = minimumPulumiCli.join(".");
  if (!pulumiVersion)
    missing.push({
      what: `the Pulumi CLI ${wanted} or later`,
      fix: `run \`curl -fsSL https://get.pulumi.com | sh -s -- --version ${wanted}\``,
    });
  else if (!atLeast(pulumiVersion, minimumPulumiCli))
    missing.push({
      what: `the Pulumi CLI ${wanted} or later (found ${pulumiVersion.join(".")})`,
      fix: `run \`pulumi self-update\` or \`curl -fsSL https://get.pulumi.com | sh -s -- --version ${wanted}\``,
    });

  if (needs.build && (await run("docker", ["buildx", "inspect"])).code !== 0)
    missing.push({
      what: "Docker with a buildx builder (this stack builds the image)",
      fix: "start Docker (Docker Desktop, or the engine with the buildx plugin), then run `docker buildx inspect --bootstrap`",
    });
  if (needs.aks && (await run("kubelogin", ["--version"])).code !== 0)
    missing.push({
      what: "kubelogin (the AKS cluster takes Entra ID tokens only)",
      fix: "run `az aks install-cli`, or install it from https://github.com/Azure/kubelogin/releases",
    });
  if (needs.kubectl) {
    const kubectl = await runJson<{ clientVersion?: { minor?: string } }>(run, "kubectl", ["version", "--client", "--output", "json"]);
    const minor = Number.parseInt(kubectl?.clientVersion?.minor ?? "", 10);
    if (!(minor >= minimumKubectlMinor))
      missing.push({
        what: `kubectl 1.${minimumKubectlMinor} or later${Number.isNaN(minor) ? "" : ` (found 1.${minor})`}: \`up\` waits for the add-ons' CRDs with \`kubectl wait --for=create\``,
        fix: "run `az aks install-cli`, or install it from https://kubernetes.io/docs/tasks/tools/",
      });
  }
  if (needs.gatewayApi && azInstalled) {
    const found = versionOf((await runJson<Record<string, string>>(run, "az", ["version", "--output", "json"]))?.["azure-cli"] ?? "");
    if (!found || !atLeast(found, versionOf(gaAzureCliVersion)!))
      missing.push({
        what: `the Azure CLI ${gaAzureCliVersion} or later${found ? ` (found ${found.join(".")})` : ""}: the Gateway API enablement's flags are GA from it`,
        fix: "run `az upgrade`",
      });
  }

  return {
    ...(account
      ? {
          account: {
            subscriptionId: account.id,
            subscriptionName: account.name,
            tenantId: account.tenantId,
            user: account.user?.name ?? "",
          },
        }
      : {}),
    missing,
  };
}
