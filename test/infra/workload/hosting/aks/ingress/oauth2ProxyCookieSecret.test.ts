// The cookie-secret Job's script, run for real with Node.js against a stand-in for the Kubernetes API server.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { cookieSecretScript } from "../../../../../../infra/workload/hosting/aks/ingress/oauth2ProxyCookieSecret";

const run = promisify(execFile);

interface ApiServer {
  url: string;
  requests: Array<{ method: string; path: string; authorization?: string; body: any }>;
  close(): void;
}

/** Answers secret creation with the given statuses in turn (201 created, 409 exists, 403 forbidden). */
async function apiServer(statuses: number[]): Promise<ApiServer> {
  const requests: ApiServer["requests"] = [];
  const server = createServer((request: IncomingMessage, response) => {
    let text = "";
    request.on("data", (chunk) => (text += chunk));
    request.on("end", () => {
      requests.push({ method: request.method!, path: request.url!, authorization: request.headers.authorization, body: JSON.parse(text) });
      const status = statuses[requests.length - 1] ?? 500;
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify({ kind: "Status", code: status }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close: () => server.close() };
}

function serviceAccountDirectory() {
  const directory = mkdtempSync(join(tmpdir(), "serviceaccount-"));
  writeFileSync(join(directory, "namespace"), "oauth2-proxy");
  writeFileSync(join(directory, "token"), "projected-token\n");
  return directory;
}

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

const runScript = (server: ApiServer) =>
  run(process.execPath, ["-e", cookieSecretScript], {
    env: { PATH: process.env.PATH, SERVICE_ACCOUNT_DIR: serviceAccountDirectory(), KUBERNETES_API_URL: server.url },
  });

describe("the cookie-secret Job's script", () => {
  it("creates the Secret with the service account's token: 24 random bytes as 32 URL-safe base64 characters", async () => {
    const server = await apiServer([201, 201]);
    cleanups.push(server.close);
    const { stdout } = await runScript(server);
    await runScript(server);
    expect(stdout).toContain("created secret oauth2-proxy/oauth2-proxy-cookie");
    const [first, second] = server.requests;
    expect(first).toMatchObject({
      method: "POST",
      path: "/api/v1/namespaces/oauth2-proxy/secrets",
      authorization: "Bearer projected-token",
    });
    expect(first!.body).toMatchObject({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "oauth2-proxy-cookie", namespace: "oauth2-proxy" },
    });
    const cookie = (request: ApiServer["requests"][number]) => Buffer.from(request.body.data["cookie-secret"], "base64").toString();
    expect(cookie(first!)).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // oauth2-proxy decodes URL-safe base64 first (oauth2-proxy/oauth2-proxy pkg/encryption/utils.go SecretBytes): an AES-192 key.
    expect(Buffer.from(cookie(first!), "base64url")).toHaveLength(24);
    expect(cookie(second!)).not.toBe(cookie(first!));
    // The value is never printed: the Job's log is readable by anyone who can read the namespace's pods.
    expect(stdout).not.toContain(cookie(first!));
  });

  it("keeps an existing Secret: a second run rotates nothing", async () => {
    const server = await apiServer([409]);
    cleanups.push(server.close);
    const { stdout } = await runScript(server);
    expect(stdout).toContain("exists: kept");
  });

  it("fails the Job when the API server refuses", async () => {
    const server = await apiServer([403]);
    cleanups.push(server.close);
    await expect(runScript(server)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("403") });
  });
});
