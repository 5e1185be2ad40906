import * as pulumi from "@pulumi/pulumi";

// The registry's admin user stays off. The runner's own Entra ID login (az login / OIDC in CI) is exchanged
// for a short-lived ACR refresh token, exactly what `az acr login --expose-token` does; it lives only in memory
// and in Pulumi state as a secret.
const acrTokenUser = "00000000-0000-0000-0000-000000000000";

export interface RegistryLogin {
  server: pulumi.Output<string>;
  username: string;
  password: pulumi.Output<string>;
}

async function exchangeForAcrToken(loginServer: string): Promise<string> {
  const { DefaultAzureCredential } = await import("@azure/identity");
  const aad = await new DefaultAzureCredential().getToken("https://management.azure.com/.default");
  const response = await fetch(`https://${loginServer}/oauth2/exchange`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "access_token", service: loginServer, access_token: aad.token }),
  });
  if (!response.ok) {
    throw new Error(`ACR token exchange with ${loginServer} failed (${response.status}): the deploying identity needs AcrPush on the registry`);
  }
  const { refresh_token: refreshToken } = (await response.json()) as { refresh_token?: string };
  if (!refreshToken) throw new Error(`ACR token exchange with ${loginServer} returned no refresh token`);
  return refreshToken;
}

/** Push credentials for `docker.Image`. Nothing is pushed in a preview, so no token is fetched then. */
export function acrPushCredentials(loginServer: pulumi.Output<string>): RegistryLogin {
  const password = loginServer.apply((server) =>
    pulumi.runtime.isDryRun() ? Promise.resolve("not-needed-in-preview") : exchangeForAcrToken(server),
  );
  return { server: loginServer, username: acrTokenUser, password: pulumi.secret(password) };
}
