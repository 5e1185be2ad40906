// A stand-in for GitHub's deployments API on loopback (node:http): list and create deployments and their statuses,
// newest first, filtered by task and environment, and a success marking earlier successes of the environment
// inactive, as the REST reference describes (docs.github.com/en/rest/deployments/deployments, "Inactive deployments").
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeDeployment {
  id: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  payload: unknown;
  description: string;
  created_at: string;
  body: Record<string, unknown>;
  statuses: Array<{ id: number; state: string; description: string; created_at: string; body: Record<string, unknown> }>;
}

export interface SeenRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

export async function startFakeGitHub(repository = "contoso/durable-aks") {
  const deployments: FakeDeployment[] = [];
  const requests: SeenRequest[] = [];
  let nextId = 100;
  const prefix = `/repos/${repository}`;

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://fake");
      requests.push({ method: request.method ?? "GET", path: `${url.pathname}${url.search}`, headers: request.headers });
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { "Content-Type": "application/json" });
        response.end(JSON.stringify(body));
      };
      if (request.headers.authorization !== "Bearer gh-token") return reply(401, { message: "Bad credentials" });
      if (!url.pathname.startsWith(prefix)) return reply(404, { message: "Not Found" });
      const path = url.pathname.slice(prefix.length);
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>) : {};
      const created = () => new Date(Date.UTC(2025, 5, 1, 0, 0, nextId)).toISOString();
      if (path === "/deployments" && request.method === "GET") {
        const task = url.searchParams.get("task");
        const environment = url.searchParams.get("environment");
        const listed = deployments
          .filter((deployment) => (!task || deployment.task === task) && (!environment || deployment.environment === environment))
          .sort((a, b) => b.id - a.id)
          .map(({ statuses: _statuses, body: _body, ...deployment }) => deployment);
        return reply(200, listed);
      }
      if (path === "/deployments" && request.method === "POST") {
        const deployment: FakeDeployment = {
          id: nextId++,
          sha: String(body.ref),
          ref: String(body.ref),
          task: String(body.task ?? "deploy"),
          environment: String(body.environment ?? "production"),
          payload: body.payload ?? {},
          description: String(body.description ?? ""),
          created_at: created(),
          body,
          statuses: [],
        };
        deployments.push(deployment);
        const { statuses: _statuses, body: _body, ...shown } = deployment;
        return reply(201, shown);
      }
      const statuses = /^\/deployments\/(\d+)\/statuses$/.exec(path);
      const deployment = statuses && deployments.find((each) => each.id === Number(statuses[1]));
      if (statuses && !deployment) return reply(404, { message: "Not Found" });
      if (deployment && request.method === "GET")
        return reply(
          200,
          [...deployment.statuses].sort((a, b) => b.id - a.id),
        );
      if (deployment && request.method === "POST") {
        const status = {
          id: nextId++,
          state: String(body.state),
          description: String(body.description ?? ""),
          created_at: created(),
          body,
        };
        if (status.state === "success" && body.auto_inactive !== false) {
          for (const other of deployments) {
            if (
              other !== deployment &&
              other.environment === deployment.environment &&
              other.statuses.some((each) => each.state === "success")
            ) {
              other.statuses.push({ id: nextId++, state: "inactive", description: "", created_at: created(), body: {} });
            }
          }
        }
        deployment.statuses.push(status);
        return reply(201, status);
      }
      reply(404, { message: "Not Found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}`,
    repository,
    deployments,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
