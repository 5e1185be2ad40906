// Who is calling: the validated access token from whichever header the entry in front of the app uses, never an
// identity the request states about itself. No token, a bad token, or no sign-in configured: refused, never anonymous.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorOf, apiScope, approverRole, callerOf } from "../../../app/src/auth/caller";
import {
  accessTokenHeaders,
  approverRefusal,
  authErrors,
  callerAuthenticator,
  keysRetryAfterSeconds,
} from "../../../app/src/auth/callerAuthentication";
import { tokenValidator } from "../../../app/src/auth/tokenValidator";
import { apiScopeValue, approverRoleValue } from "../../../bootstrap/signInApp";
import {
  accessToken,
  audience,
  clientApplication,
  keysEndpoint,
  person,
  signingKey,
  tenantId,
  type KeysEndpoint,
  type SigningKey,
} from "../../support/entraTokens";
import { httpRequest, invocationContext } from "../../support/fakeDurableClient";

let key: SigningKey;
let endpoint: KeysEndpoint;

beforeAll(async () => {
  key = await signingKey();
  endpoint = await keysEndpoint({ keys: [key.publicJwk] });
});

afterAll(() => endpoint.close());

const authenticator = () => callerAuthenticator(tokenValidator({ tenantId, audience }, { keysUrl: endpoint.url }));
const request = (headers: Record<string, string> = {}) =>
  httpRequest({ url: "http://localhost/api/approvals/x/approve", method: "POST", headers });

describe("the token's headers, by path", () => {
  it.each([
    ["Authorization", (token: string) => `Bearer ${token}`],
    ["X-Forwarded-Access-Token", (token: string) => token],
    ["X-Auth-Request-Access-Token", (token: string) => token],
    ["X-MS-TOKEN-AAD-ACCESS-TOKEN", (token: string) => token],
  ])("%s carries the caller", async (header, value) => {
    const result = await authenticator().authenticate(request({ [header]: value(await accessToken(key)) }), invocationContext());
    expect(result).toEqual({ ok: true, caller: { id: person.oid, name: person.name, roles: ["access"], scopes: [apiScope] } });
  });

  it("the headers are these four, Authorization first", () => {
    expect(accessTokenHeaders).toEqual([
      "authorization",
      "x-forwarded-access-token",
      "x-auth-request-access-token",
      "x-ms-token-aad-access-token",
    ]);
  });

  it("an Authorization header of another scheme is no token; the next header is read", async () => {
    const token = await accessToken(key);
    const result = await authenticator().authenticate(
      request({ Authorization: "Basic dXNlcjpwYXNz", "X-Forwarded-Access-Token": token }),
      invocationContext(),
    );
    expect(result.ok).toBe(true);
  });
});

describe("refusals", () => {
  it("no sign-in configured: 503, whatever the request carries", async () => {
    const result = await callerAuthenticator(undefined).authenticate(
      request({ Authorization: `Bearer ${await accessToken(key)}` }),
      invocationContext(),
    );
    expect(result).toMatchObject({ ok: false, response: { status: 503, jsonBody: { error: authErrors.notConfigured } } });
  });

  it.each([
    ["no header", {}],
    [
      "identity headers alone",
      { "X-Forwarded-User": "alex", "X-Forwarded-Email": "alex@example.com", "X-MS-CLIENT-PRINCIPAL-NAME": "alex" },
    ],
    ["an empty bearer", { Authorization: "Bearer " }],
  ])("%s: 401 with a Bearer challenge", async (_case, headers) => {
    const result = await authenticator().authenticate(request(headers), invocationContext());
    expect(result).toMatchObject({
      ok: false,
      response: { status: 401, jsonBody: { error: authErrors.noToken }, headers: { "WWW-Authenticate": "Bearer" } },
    });
  });

  it("a token that does not validate: 401 invalid_token", async () => {
    const forger = await signingKey(key.kid);
    const result = await authenticator().authenticate(
      request({ Authorization: `Bearer ${await accessToken(forger)}` }),
      invocationContext(),
    );
    expect(result).toMatchObject({
      ok: false,
      response: {
        status: 401,
        jsonBody: { error: authErrors.invalidToken },
        headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' },
      },
    });
  });

  it("a valid token without an object id: 401", async () => {
    const { oid: _oid, ...withoutOid } = person;
    const result = await authenticator().authenticate(
      request({ Authorization: `Bearer ${await accessToken(key, withoutOid)}` }),
      invocationContext(),
    );
    expect(result).toMatchObject({ ok: false, response: { status: 401 } });
  });

  it("an ID token of the same application (same issuer, keys and audience, no azp): 401, not a caller", async () => {
    // Entra's v2 ID tokens carry no azp, its v2 access tokens always do (MicrosoftDocs/entra-docs identity-platform
    // id-token-claims-reference.md and access-token-claims-reference.md).
    const idToken = await accessToken(key, { ...person, scp: undefined, azp: undefined, nonce: "n-0S6_WzA2Mj" });
    const result = await authenticator().authenticate(request({ Authorization: `Bearer ${idToken}` }), invocationContext());
    expect(result).toMatchObject({ ok: false, response: { status: 401 } });
  });

  it("the signing keys cannot be fetched: 503 with Retry-After", async () => {
    const failing = await keysEndpoint({ status: 503 });
    try {
      const result = await callerAuthenticator(tokenValidator({ tenantId, audience }, { keysUrl: failing.url })).authenticate(
        request({ Authorization: `Bearer ${await accessToken(key)}` }),
        invocationContext(),
      );
      expect(result).toMatchObject({
        ok: false,
        response: {
          status: 503,
          jsonBody: { error: authErrors.keysUnavailable },
          headers: { "Retry-After": String(keysRetryAfterSeconds) },
        },
      });
    } finally {
      await failing.close();
    }
  });
});

describe("approvers", () => {
  const caller = (claims: Record<string, unknown>) => callerOf({ oid: person.oid, azp: clientApplication, ...claims })!;

  it("a person with the approver role, in a token for the API's scope, may decide", () => {
    expect(approverRefusal(caller({ roles: ["access", approverRole], scp: apiScope }))).toBeUndefined();
  });

  it.each([
    ["without the role", { roles: ["access"], scp: apiScope }],
    ["a program's own token (roles, no scp)", { roles: ["access", approverRole] }],
    ["the role under another name", { roles: ["Approver"], scp: apiScope }],
  ])("%s: 403", (_case, claims) => {
    expect(approverRefusal(caller(claims))).toMatchObject({ status: 403, jsonBody: { error: authErrors.notApprover } });
  });

  it("the role and the scope are the ones the bootstrap defines", () => {
    expect([approverRole, apiScope]).toEqual([approverRoleValue, apiScopeValue]);
  });

  it("the recorded actor is the object id and the name; a program's token has no name", () => {
    expect(actorOf(caller({ name: "Alex", preferred_username: "alex@example.com" }))).toEqual({ id: person.oid, name: "Alex" });
    expect(actorOf(caller({ preferred_username: "alex@example.com" }))).toEqual({ id: person.oid, name: "alex@example.com" });
    expect(actorOf(caller({ roles: ["access"] }))).toEqual({ id: person.oid });
  });
});
