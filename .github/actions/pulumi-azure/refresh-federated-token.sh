#!/usr/bin/env bash
# Keeps a fresh GitHub OIDC token (audience api://AzureADTokenExchange) in a file for the whole job.
# A GitHub ID token expires about 5 minutes after it is issued (Azure/login issue 372, AADSTS700024), so one token
# taken at login cannot carry a 30-minute `pulumi up`. The consumers re-read the file: @azure/identity's
# WorkloadIdentityCredential once its copy is 5 minutes old, and `az login --federated-token` inside the image import.
# kubelogin (v0.2.19, workloadidentity login) asks GitHub itself for a new token whenever the job's
# ACTIONS_ID_TOKEN_REQUEST_* variables are set, and reads this file otherwise (Azure/kubelogin pkg/internal/token/provider.go).
#
#   refresh-federated-token.sh <file> --once   fetch one token (fails the step if GitHub refuses)
#   refresh-federated-token.sh <file>          fetch now, then every REFRESH_INTERVAL_SECONDS (default 120) until killed
set -euo pipefail

token_file="${1:?usage: refresh-federated-token.sh <token file> [--once]}"
mode="${2:-}"
interval="${REFRESH_INTERVAL_SECONDS:-120}"
audience="api%3A%2F%2FAzureADTokenExchange"

fetch_token() {
  if [[ -z "${ACTIONS_ID_TOKEN_REQUEST_URL:-}" || -z "${ACTIONS_ID_TOKEN_REQUEST_TOKEN:-}" ]]; then
    echo "no GitHub OIDC request variables: the job needs 'permissions: id-token: write'" >&2
    return 1
  fi
  local next="${token_file}.next"
  # GitHub's request URL already carries a query string; the new token replaces the old one in a single rename.
  (
    umask 077
    curl --silent --show-error --fail --retry 2 --retry-delay 1 \
      --header "Authorization: bearer ${ACTIONS_ID_TOKEN_REQUEST_TOKEN}" \
      "${ACTIONS_ID_TOKEN_REQUEST_URL}&audience=${audience}" | jq --raw-output --exit-status '.value' | tr -d '\n' > "$next"
  ) || { rm -f "$next"; return 1; }
  mv -f "$next" "$token_file"
}

fetch_token
[[ "$mode" == "--once" ]] && exit 0
while sleep "$interval"; do
  fetch_token || echo "::warning::could not refresh the GitHub OIDC token in $token_file; retrying in ${interval}s" >&2
done
