#!/usr/bin/env bash
# Moves the bootstrap's own state from the local backend of its first `up` (Pulumi.yaml: file://~) into the state
# container that `up` created, re-encrypted with the bootstrap's own key in the secrets vault, checks the copy, switches
# this project's backend to the container and only then removes the local copy (with its history and backups).
# The state holds the sign-in applications' client secrets: afterwards they live only where the operators' group can
# read them, never in one person's home directory (docs/deploy.md, step 2).
#
#   cd bootstrap && PULUMI_CONFIG_PASSPHRASE=... scripts/move-state-to-backend.sh [stack, default subscription]
#
# Needs Pulumi CLI 3.254.0 or later (`pulumi stack migrate`, pulumi/pulumi pkg/cmd/pulumi/stack/stack_migrate.go),
# the Azure CLI signed in as a member of operatorGroups, and jq.
set -euo pipefail

stack="${1:-subscription}"
cd "$(dirname "$0")/.."
local_backend="file://~"
fail() { echo "move-state-to-backend: $*" >&2; exit 1; }
on_local() { PULUMI_BACKEND_URL="$local_backend" pulumi "$@"; }

grep -qx "  url: ${local_backend}" Pulumi.yaml || fail "Pulumi.yaml's backend is not ${local_backend}: has the state moved already?"
outputs="$(on_local stack output --stack "$stack" --json)"
backend="$(jq -er '.stateBackendUrl' <<<"$outputs")" || fail "stack $stack has no stateBackendUrl output: run pulumi up first"
provider="$(jq -er '.bootstrapSecretsProvider' <<<"$outputs")" || fail "stack $stack has no bootstrapSecretsProvider output: run pulumi up first"
[[ "$backend" == azblob://* && "$provider" == azurekeyvault://* ]] || fail "unexpected outputs: $backend, $provider"
on_container() { PULUMI_BACKEND_URL="$backend" pulumi "$@"; }
urns() { jq -c '[.deployment.resources[]?.urn] | sort'; }

before="$(on_local stack export --stack "$stack" | urns)"
[[ "$before" != "[]" ]] || fail "stack $stack has no resources to move"

# Creates the stack in the container (the current backend: PULUMI_BACKEND_URL wins over Pulumi.yaml) and re-encrypts
# its secrets with the vault key; Pulumi.<stack>.yaml gets the new secrets provider.
on_container stack migrate "$local_backend" "$stack" --secrets-provider "$provider" --yes

# The check: the same resources, and every secret decrypts with the vault key.
after="$(on_container stack export --stack "$stack" | urns)"
[[ "$after" == "$before" ]] || fail "the copy in $backend differs from the local state; the local state is kept"
on_container stack export --stack "$stack" --show-secrets >/dev/null || fail "the copy's secrets do not decrypt; the local state is kept"

# From now on this project's backend is the container (commit Pulumi.yaml and Pulumi.$stack.yaml).
sed -i "s#^  url: ${local_backend}\$#  url: ${backend}#" Pulumi.yaml
grep -qx "  url: ${backend}" Pulumi.yaml || fail "could not switch Pulumi.yaml to $backend"
on_local stack rm "$stack" --force --yes --preserve-config --remove-backups
rm -f "Pulumi.${stack}.yaml.bak."*
echo "moved stack $stack to $backend (secrets provider $provider); commit bootstrap/Pulumi.yaml and bootstrap/Pulumi.${stack}.yaml"
