// The app validates Entra access tokens itself: signature against the tenant's published keys (RS256 only), issuer,
// audience and lifetime. A token it cannot check because the keys cannot be fetched is not a bad token: that answer
// differs (503, not 401).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entraIssuer, entraKeysUrl, tokenValidator, type TokenValidator } from "../../../app/src/auth/tokenValidator";
import {
  accessToken,
  audience,
  issuer,
  keysEndpoint,
  person,
  signingKey,
  tenantId,
  type KeysEndpoint,
  type SigningKey,
} from "../../support/entraTokens";

let key: SigningKey;
let endpoint: KeysEndpoint;
let validator: TokenValidator;

beforeAll(async () => {
  key = await signingKey();
  endpoint = await keysEndpoint({ keys: [key.publicJwk] });
  validator = tokenValidator({ tenantId, audience }, { keysUrl: endpoint.url });
});

afterAll(() => endpoint.close());

describe("Entra's v2 endpoints of the tenant", () => {
  it("issuer and signing keys", () => {
    expect(entraIssuer(tenantId)).toBe(issuer);
    expect(entraKeysUrl(tenantId).href).toBe(`https://login.microsoftonline.com/${tenantId}/discovery/v2.0/keys`);
  });
});

describe("tokenValidator", () => {
  it("accepts a token signed by a published key, for the API, from the tenant's v2 issuer, and returns its claims", async () => {
    const result = await validator.validate(await accessToken(key));
    expect(result).toEqual({ ok: true, claims: expect.objectContaining({ oid: person.oid, name: person.name, roles: ["access"] }) });
  });

  it.each([
    ["another audience", { aud: "api://someone-else" }],
    ["another tenant's issuer", { iss: "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0" }],
    ["the v1 issuer", { iss: `https://sts.windows.net/${tenantId}/` }],
  ])("refuses %s", async (_case, claims) => {
    const result = await validator.validate(await accessToken(key, { ...person, ...claims }));
    expect(result).toMatchObject({ ok: false, problem: "invalid" });
  });

  it("refuses an expired token", async () => {
    const result = await validator.validate(await accessToken(key, person, { expiresIn: "-10 minutes" }));
    expect(result).toMatchObject({ ok: false, problem: "invalid", detail: expect.stringMatching(/exp/) });
  });

  it("refuses a token signed by a key the tenant does not publish, even with a published kid", async () => {
    const forger = await signingKey(key.kid);
    expect(await validator.validate(await accessToken(forger))).toMatchObject({ ok: false, problem: "invalid" });
  });

  it("refuses a token whose kid is unknown", async () => {
    const stranger = await signingKey("unknown-kid");
    expect(await validator.validate(await accessToken(stranger))).toMatchObject({ ok: false, problem: "invalid" });
  });

  it("refuses other algorithms, the unsigned one included", async () => {
    const jose = await import("jose");
    const unsigned = new jose.UnsecuredJWT({ iss: issuer, aud: audience, ...person }).setExpirationTime("1h").encode();
    expect(await validator.validate(unsigned)).toMatchObject({ ok: false, problem: "invalid" });
    const hmac = await new jose.SignJWT({ iss: issuer, aud: audience, ...person })
      .setProtectedHeader({ alg: "HS256", kid: key.kid })
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("a shared secret anyone could guess at all"));
    expect(await validator.validate(hmac)).toMatchObject({ ok: false, problem: "invalid" });
  });

  it.each(["", "not-a-token", "a.b.c"])("refuses a malformed token %j", async (token) => {
    expect(await validator.validate(token)).toMatchObject({ ok: false, problem: "invalid" });
  });
});

describe("when the signing keys cannot be fetched", () => {
  it.each([
    ["the endpoint answers 500", { status: 500 } as const],
    ["the endpoint does not answer in time", "hang" as const],
  ])("%s: keysUnavailable, not invalid", async (_case, answer) => {
    const failing = await keysEndpoint(answer);
    try {
      const result = await tokenValidator({ tenantId, audience }, { keysUrl: failing.url, timeoutMs: 200 }).validate(
        await accessToken(key),
      );
      expect(result).toMatchObject({ ok: false, problem: "keysUnavailable" });
    } finally {
      await failing.close();
    }
  });

  it("nothing listens there: keysUnavailable", async () => {
    const closed = await keysEndpoint({ keys: [] });
    await closed.close();
    const result = await tokenValidator({ tenantId, audience }, { keysUrl: closed.url }).validate(await accessToken(key));
    expect(result).toMatchObject({ ok: false, problem: "keysUnavailable" });
  });

  it("fetches the keys once and reuses them", async () => {
    const counting = await keysEndpoint({ keys: [key.publicJwk] });
    try {
      const reused = tokenValidator({ tenantId, audience }, { keysUrl: counting.url });
      for (let i = 0; i < 3; i++) expect((await reused.validate(await accessToken(key))).ok).toBe(true);
      expect(counting.requests).toBe(1);
    } finally {
      await counting.close();
    }
  });
});
