// The composite action's token refresher, run for real against a stand-in for GitHub's OIDC token endpoint.
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";

const script = ".github/actions/pulumi-azure/refresh-federated-token.sh";
const run = promisify(execFile);

interface TokenEndpoint {
  url: string;
  requests: Array<{ url: URL; authorization: string | undefined }>;
  close(): void;
}

async function tokenEndpoint(status = 200): Promise<TokenEndpoint> {
  const requests: TokenEndpoint["requests"] = [];
  const server = createServer((request: IncomingMessage, response) => {
    requests.push({ url: new URL(request.url ?? "/", "http://localhost"), authorization: request.headers.authorization });
    response.writeHead(status, { "content-type": "application/json" });
    response.end(status === 200 ? JSON.stringify({ count: requests.length, value: `github-oidc-token-${requests.length}` }) : "{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  // GitHub's request URL already carries a query string.
  return { url: `http://127.0.0.1:${port}/token?api-version=2.0`, requests, close: () => server.close() };
}

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function environment(endpoint: TokenEndpoint, extra: Record<string, string> = {}) {
  return { PATH: process.env.PATH, ACTIONS_ID_TOKEN_REQUEST_URL: endpoint.url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: "request-token", ...extra };
}

describe("refresh-federated-token.sh", () => {
  it("writes a GitHub OIDC token for audience api://AzureADTokenExchange to the file, readable by the job's user only", async () => {
    const endpoint = await tokenEndpoint();
    cleanups.push(endpoint.close);
    const file = join(mkdtempSync(join(tmpdir(), "token-")), "azure-federated-token");
    await run("bash", [script, file, "--once"], { env: environment(endpoint) });
    expect(readFileSync(file, "utf8")).toBe("github-oidc-token-1");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(endpoint.requests).toHaveLength(1);
    expect(endpoint.requests[0]!.url.searchParams.get("audience")).toBe("api://AzureADTokenExchange");
    expect(endpoint.requests[0]!.url.searchParams.get("api-version")).toBe("2.0");
    expect(endpoint.requests[0]!.authorization).toBe("bearer request-token");
  });

  it("keeps replacing the token for as long as it runs", async () => {
    const endpoint = await tokenEndpoint();
    cleanups.push(endpoint.close);
    const file = join(mkdtempSync(join(tmpdir(), "token-")), "azure-federated-token");
    const refresher = spawn("bash", [script, file], { env: environment(endpoint, { REFRESH_INTERVAL_SECONDS: "0.2" }), stdio: "ignore" });
    cleanups.push(() => refresher.kill());
    const current = () => (existsSync(file) ? readFileSync(file, "utf8") : "");
    const deadline = Date.now() + 8_000;
    while (Date.now() < deadline && !/^github-oidc-token-[3-9]$/.test(current())) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(current()).toMatch(/^github-oidc-token-[3-9]$/);
    expect(endpoint.requests.length).toBeGreaterThanOrEqual(3);
  });

  it("fails without the job's id-token permission, and leaves the last good token in place when GitHub refuses", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "token-")), "azure-federated-token");
    await expect(run("bash", [script, file, "--once"], { env: { PATH: process.env.PATH } })).rejects.toMatchObject({
      stderr: expect.stringMatching(/id-token: write/),
    });

    const refusing = await tokenEndpoint(500);
    cleanups.push(refusing.close);
    writeFileSync(file, "last-good-token");
    await expect(run("bash", [script, file, "--once"], { env: environment(refusing) })).rejects.toBeTruthy();
    expect(readFileSync(file, "utf8")).toBe("last-good-token");
  });
});
