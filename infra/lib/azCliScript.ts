// In CI the az CLI session of azure/login outlives its GitHub token (Azure/login issue 372; src/Cli/AzureCliLogin.ts logs
// in once with one token): a command that calls az signs in again, in a config directory of its own, from the token
// file the pulumi-azure action keeps fresh. On a workstation (no token file) it uses your `az login`.
const freshLogin = `if [ -n "\${AZURE_FEDERATED_TOKEN_FILE:-}" ]; then
  AZURE_CONFIG_DIR="$(mktemp -d)"; export AZURE_CONFIG_DIR
  trap 'rm -rf "$AZURE_CONFIG_DIR"' EXIT
  az login --service-principal --username "$AZURE_CLIENT_ID" --tenant "$AZURE_TENANT_ID" --federated-token "$(cat "$AZURE_FEDERATED_TOKEN_FILE")" --allow-no-subscriptions --output none
fi`;

/** A `sh` script that runs `body` with an Azure CLI session that is fresh in CI. */
export const azCliScript = (body: string) => `set -eu\n${freshLogin}\n${body}`;
