// Access tokens shaped as Entra issues them (v2: issuer login.microsoftonline.com/<tenant>/v2.0, audience the API's
// client id, RS256 with a `kid`), signed with a key generated here and published by a local JWKS endpoint, so the app's
// validator runs its real remote-key path against it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { CryptoKey, JWK, JWTPayload } from "jose" with { "resolution-mode": "import" };

export const tenantId = "7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a5b";
export const audience = "3f2e1d0c-9b8a-4f7e-8d6c-5b4a3f2e1d0c";
export const issuer = `https://login.microsoftonline.com/${tenantId}/v2.0`;
/** The client application an access token was issued to (`azp`, in every v2 access token). */
export const clientApplication = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

export async function signingKey(kid = "test-key"): Promise<SigningKey> {
  const jose = await import("jose");
  const { privateKey, publicKey } = await jose.generateKeyPair("RS256", { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await jose.exportJWK(publicKey)), kid, use: "sig", alg: "RS256" } };
}

/** A person's delegated access token for the API: `roles` from app role assignments, `scp` the delegated scope. */
export const person = { oid: "0b6f4a2e-1c3d-4e5f-9a8b-7c6d5e4f3a2b", name: "Alex Approver", scp: "access_as_user", roles: ["access"] };

export async function accessToken(key: SigningKey, claims: JWTPayload = person, options: { alg?: string; expiresIn?: string } = {}) {
  const jose = await import("jose");
  return new jose.SignJWT({ iss: issuer, aud: audience, tid: tenantId, ver: "2.0", azp: clientApplication, ...claims })
    .setProtectedHeader({ alg: options.alg ?? "RS256", kid: key.kid, typ: "JWT" })
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "1h")
    .sign(key.privateKey);
}

/** What the local endpoint answers: the key set, or a failure. */
export type KeysAnswer = { readonly keys: JWK[] } | { readonly status: number } | "hang";

export interface KeysEndpoint {
  readonly url: URL;
  answer: KeysAnswer;
  requests: number;
  close(): Promise<void>;
}

export async function keysEndpoint(answer: KeysAnswer): Promise<KeysEndpoint> {
  const hanging = new Set<import("node:http").ServerResponse>();
  const endpoint = { answer, requests: 0 } as KeysEndpoint & { server: Server };
  const server = createServer((_request, response) => {
    endpoint.requests++;
    const current = endpoint.answer;
    if (current === "hang") return void hanging.add(response);
    if ("status" in current) return void response.writeHead(current.status).end("unavailable");
    response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ keys: current.keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(endpoint, {
    url: new URL(`http://127.0.0.1:${port}/${tenantId}/discovery/v2.0/keys`),
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging) response.destroy();
        server.close(() => resolve());
      }),
  });
}
