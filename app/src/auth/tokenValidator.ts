// Validates the Entra access tokens callers send, in the app itself: whatever header carried a token, only its
// signature, issuer, audience and lifetime make it count.
import type { JWTPayload, JWTVerifyGetKey } from "jose" with { "resolution-mode": "import" };
import { entraIssuer } from "../contract/signInNames";

export { entraIssuer };

/** The tenant whose tokens count and the API they must be for (its client id: v2 access tokens carry it as `aud`). */
export interface TokenAuthority {
  readonly tenantId: string;
  readonly audience: string;
}

/** The tenant's signing keys (jwks_uri of https://login.microsoftonline.com/<tenant>/v2.0/.well-known/openid-configuration). */
export const entraKeysUrl = (tenantId: string) => new URL(`https://login.microsoftonline.com/${tenantId}/discovery/v2.0/keys`);

export type TokenCheck =
  | { readonly ok: true; readonly claims: JWTPayload }
  | { readonly ok: false; readonly problem: "invalid" | "keysUnavailable"; readonly detail: string };

export interface TokenValidator {
  validate(token: string): Promise<TokenCheck>;
}

export interface KeySource {
  /** Where the signing keys are published; Entra's endpoint of the tenant unless a test says otherwise. */
  readonly keysUrl?: URL;
  /** How long one fetch of the keys may take. */
  readonly timeoutMs?: number;
}

/** Key-set errors that say the token names no usable key (jose 6.2.17 dist/webapi/util/errors.js codes): a bad token. */
const tokenKeyProblems = new Set([
  "ERR_JWKS_NO_MATCHING_KEY",
  "ERR_JWKS_MULTIPLE_MATCHING_KEYS",
  "ERR_JOSE_NOT_SUPPORTED",
  "ERR_JOSE_ALG_NOT_ALLOWED",
]);

class KeysUnavailable extends Error {
  override readonly name = "KeysUnavailable";
}

const codeOf = (error: unknown) => (error as { code?: unknown } | undefined)?.code;

/**
 * jose ships as an ES module only, and the app compiles as CommonJS (module node16): a dynamic import loads it, once
 * (esbuild inlines it into the bundle).
 */
const loadJose = () => import("jose");

export function tokenValidator(authority: TokenAuthority, source: KeySource = {}): TokenValidator {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  // jose's remote key set caches the keys (10 minutes), refetches for an unknown kid at most every 30 s, and throws when
  // a fetch fails (jose 6.2.17 dist/webapi/jwks/remote.js): a failed fetch is reported, never read as a bad token.
  const keySet = () =>
    (keys ??= loadJose().then(({ createRemoteJWKSet }) => {
      const remote = createRemoteJWKSet(source.keysUrl ?? entraKeysUrl(authority.tenantId), { timeoutDuration: source.timeoutMs ?? 5_000 });
      const getKey: JWTVerifyGetKey = async (header, token) => {
        try {
          return await remote(header, token);
        } catch (error) {
          if (tokenKeyProblems.has(String(codeOf(error)))) throw error;
          throw new KeysUnavailable((error as Error).message, { cause: error });
        }
      };
      return getKey;
    }));
  return {
    async validate(token) {
      const { jwtVerify } = await loadJose();
      try {
        const { payload } = await jwtVerify(token, await keySet(), {
          algorithms: ["RS256"],
          issuer: entraIssuer(authority.tenantId),
          audience: authority.audience,
          requiredClaims: ["exp"],
          clockTolerance: 60,
        });
        return { ok: true, claims: payload };
      } catch (error) {
        const problem = error instanceof KeysUnavailable ? "keysUnavailable" : "invalid";
        return { ok: false, problem, detail: `${String(codeOf(error) ?? (error as Error).name)}: ${(error as Error).message}` };
      }
    },
  };
}
