import { WorkloadIdentityCredential, type TokenCredential } from "@azure/identity";
import type { CredentialSource } from "./args";
import type { Credentials } from "./http";

export interface FederatedIdentity {
  tenantId: string;
  clientId: string;
  tokenFilePath: string;
}

export type CredentialFactory = (identity: FederatedIdentity) => Pick<TokenCredential, "getToken">;

/**
 * The smoke identity signs in with the GitHub OIDC token the job keeps fresh in a file (the deployer's action writes it),
 * exchanged through its own federated credential: no second CLI session beside the deployer's, and its client id is
 * passed explicitly so AZURE_CLIENT_ID (the deployer's, set for the providers) is never used.
 */
export const workloadIdentity: CredentialFactory = (identity) => new WorkloadIdentityCredential(identity);

/** The credentials the checks send; throws with a reason when they cannot be had (the smoke test is then inconclusive). */
export async function credentialsFor(source: CredentialSource, env: NodeJS.ProcessEnv, factory: CredentialFactory): Promise<Credentials> {
  const credentials: Credentials = {};
  if (source.functionKeyEnv !== undefined) {
    const key = env[source.functionKeyEnv];
    if (!key) throw new Error(`the environment variable ${source.functionKeyEnv} holds no function key`);
    credentials.functionKey = key;
  }
  const { token } = source;
  if (token.kind === "env") {
    const value = env[token.name];
    if (!value) throw new Error(`the environment variable ${token.name} holds no token`);
    credentials.bearerToken = value;
  } else if (token.kind === "federated") {
    const credential = factory({ tenantId: token.tenantId, clientId: token.clientId, tokenFilePath: token.tokenFile });
    // v2 tokens for the API: its identifier (api://<client id>, or the client id itself) with the .default scope.
    const scope = `${token.audience}/.default`;
    let issued;
    try {
      issued = await credential.getToken(scope);
    } catch (error) {
      throw new Error(`the smoke identity ${token.clientId} got no token for ${scope}: ${(error as Error).message}`, { cause: error });
    }
    if (!issued?.token) throw new Error(`the smoke identity ${token.clientId} got no token for ${scope}`);
    credentials.bearerToken = issued.token;
  }
  return credentials;
}
