// AuthTenantId and AuthAudience are read and checked at start-up with the other app settings: both or neither.
import { describe, expect, it } from "vitest";
import { readAppSettings } from "../../../app/src/appSettings";

const tenant = "7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a5b";
const api = "3f2e1d0c-9b8a-4f7e-8d6c-5b4a3f2e1d0c";

describe("AuthTenantId and AuthAudience", () => {
  it("both set: the token authority", () => {
    expect(readAppSettings({ AuthTenantId: tenant, AuthAudience: api }).tokenAuthority).toEqual({ tenantId: tenant, audience: api });
  });

  it("neither set: no authority (the routes that need a caller answer 503)", () => {
    expect(readAppSettings({}).tokenAuthority).toBeUndefined();
  });

  it.each([
    [{ AuthTenantId: tenant }, /'AuthAudience' must be a GUID, got ''/],
    [{ AuthAudience: api }, /'AuthTenantId' must be a GUID, got ''/],
    [
      { AuthTenantId: "contoso.onmicrosoft.com", AuthAudience: `api://${api}` },
      /'AuthTenantId' must be a GUID.*'AuthAudience' must be a GUID, got 'api:\/\//,
    ],
  ])("%j stops the app at start-up", (env, message) => {
    expect(() => readAppSettings(env)).toThrow(message);
  });
});
