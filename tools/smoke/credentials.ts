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
  switch (source.kind) {
    case "anonymous":
      return { kind: "anonymous" };
    case "tokenEnv": {
      const token = env[source.name];
      if (!token) throw new Error(`the environment variable ${source.name} holds no token`);
      return { kind: "bearer", token };
    }
    case "functionKeyEnv": {
      const key = env[source.name];
      if (!key) throw new Error(`the environment variable ${source.name} holds no function key`);
      return { kind: "functionKey", key };
    }
    case "federated": {
      const credential = factory({ tenantId: source.tenantId, clientId: source.clientId, tokenFilePath: source.tokenFile });
      // v2 tokens for the API: its identifier (api://<client id>, or the client id itself) with the .default scope.
      const scope = `${source.audience}/.default`;
      let token;
      try {
        token = await credential.getToken(scope);
      } catch (error) {
        throw new Error(`the smoke identity ${source.clientId} got no token for ${scope}: ${(error as Error).message}`, { cause: error });
      }
      if (!token?.token) throw new Error(`the smoke identity ${source.clientId} got no token for ${scope}`);
      return { kind: "bearer", token: token.token };
    }
  }
}
