#!/usr/bin/env bash
# Installs kubelogin (the AKS exec kubeconfig signs in through it) and kubectl (the CRD waits Pulumi runs on the runner)
# at the versions and SHA-256 sums committed in action.yml, into a directory of the job's own (no root needed), and puts that
# directory on PATH. A download whose SHA-256 differs fails the job before anything is installed.
#
# Sources: kubectl from dl.k8s.io (kubernetes/website content/en/docs/tasks/tools/install-kubectl-linux.md), kubelogin's
# release asset kubelogin-linux-amd64.zip holding bin/linux_amd64/kubelogin (Azure/kubelogin .github/workflows/release.yml).
set -euo pipefail

: "${KUBELOGIN_VERSION:?}" "${KUBELOGIN_SHA256:?}" "${KUBECTL_VERSION:?}" "${KUBECTL_SHA256:?}"
bin_dir="${RUNNER_TEMP:?}/kube-tools/bin"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

download() {
  local url="$1" file="$2" sha256="$3"
  curl --fail --silent --show-error --location --retry 3 --proto '=https' --output "$file" "$url"
  if ! echo "${sha256}  ${file}" | sha256sum --check --strict --quiet; then
    echo "::error::$url does not match the SHA-256 committed in .github/actions/pulumi-azure/action.yml" >&2
    exit 1
  fi
}

download "https://github.com/Azure/kubelogin/releases/download/${KUBELOGIN_VERSION}/kubelogin-linux-amd64.zip" "$work/kubelogin.zip" "$KUBELOGIN_SHA256"
download "https://dl.k8s.io/release/${KUBECTL_VERSION}/bin/linux/amd64/kubectl" "$work/kubectl" "$KUBECTL_SHA256"
unzip -q -j "$work/kubelogin.zip" bin/linux_amd64/kubelogin -d "$work"
mkdir -p "$bin_dir"
install -m 0755 "$work/kubelogin" "$work/kubectl" "$bin_dir/"
echo "$bin_dir" >> "${GITHUB_PATH:?}"
