import * as command from "@pulumi/command";
import type * as pulumi from "@pulumi/pulumi";

// CRD names: kedacore/keda config/crd/bases/ (the add-on installs the same), and the managed Gateway API bundle
// (learn.microsoft.com/azure/aks/managed-gateway-api, "Verify the installation").
export const kedaCrds = ["scaledobjects.keda.sh", "triggerauthentications.keda.sh"] as const;
export const gatewayApiCrds = [
  "gatewayclasses.gateway.networking.k8s.io",
  "gateways.gateway.networking.k8s.io",
  "httproutes.gateway.networking.k8s.io",
  "referencegrants.gateway.networking.k8s.io",
] as const;

/** `kubectl wait --for=create` exists from kubectl 1.31 (kubernetes/kubernetes pull request 125868); before it, wait fails at once on NotFound. */
export const minimumKubectlMinor = 31;

const requireKubectl = [
  // `minor` may carry a suffix ("32+"): keep the digits.
  `kubectl_minor=$(kubectl version --client --output json | sed -n 's/.*"minor": *"\\([0-9]*\\).*/\\1/p' | head -n 1)`,
  `if [ "\${kubectl_minor:-0}" -lt ${minimumKubectlMinor} ]; then`,
  `  echo "kubectl 1.\${kubectl_minor:-?} is older than 1.${minimumKubectlMinor}, the first with kubectl wait --for=create: install a newer kubectl" >&2`,
  "  exit 1",
  "fi",
].join("\n");

// The exec kubeconfig runs kubelogin, which takes its login method from AAD_LOGIN_METHOD (Azure/kubelogin pkg/internal/env):
// CI exports workloadidentity; a workstation signs in with its `az login`.
const withKubeconfig = `umask 077
KUBECONFIG="$(mktemp)"; export KUBECONFIG
trap 'rm -f "$KUBECONFIG"' EXIT
printf '%s' "$CLUSTER_KUBECONFIG" > "$KUBECONFIG"
export AAD_LOGIN_METHOD="\${AAD_LOGIN_METHOD:-azurecli}"`;

export interface CrdWait {
  crds: readonly string[];
  /** A cluster-scoped object the add-on creates after its CRDs and must accept (the GatewayClass). */
  accepted?: { kind: string; name: string };
}

/** A `sh` script that waits until each CRD exists and is Established (and the object is Accepted). */
export function crdWaitScript(wait: CrdWait): string {
  const crds = wait.crds.map((crd) => `crd/${crd}`).join(" ");
  const lines = [
    "set -eu",
    requireKubectl,
    withKubeconfig,
    `kubectl wait --for=create --timeout=10m ${crds}`,
    `kubectl wait --for=condition=Established --timeout=5m ${crds}`,
  ];
  if (wait.accepted) {
    const object = `${wait.accepted.kind}/${wait.accepted.name}`;
    lines.push(`kubectl wait --for=create --timeout=10m ${object}`, `kubectl wait --for=condition=Accepted --timeout=10m ${object}`);
  }
  return lines.join("\n");
}

export interface CrdsReadyArgs extends CrdWait {
  /** The exec (kubelogin) kubeconfig the Kubernetes provider uses: a secret. */
  kubeconfig: pulumi.Input<string>;
  clusterId: pulumi.Input<string>;
}

/**
 * Waits until the cluster serves the CRDs an add-on brings. AKS reconciles them after ARM reports success, and the
 * Kubernetes provider gives up on a missing kind after about 30 s (pulumi/pulumi-kubernetes provider/pkg/await/await.go:
 * 5 retries from 1 s, doubling): custom resources of these kinds depend on this command. Needs kubectl (1.31 or later)
 * and kubelogin on the machine that runs `pulumi up`.
 */
export function waitForCrds(name: string, args: CrdsReadyArgs, opts: pulumi.CustomResourceOptions) {
  return new command.local.Command(
    name,
    {
      create: crdWaitScript(args),
      environment: { CLUSTER_KUBECONFIG: args.kubeconfig },
      // Once per cluster: a new cluster brings the add-ons anew.
      triggers: [args.clusterId],
    },
    opts,
  );
}
