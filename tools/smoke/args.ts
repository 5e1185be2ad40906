import { parseArgs } from "node:util";

export const usage = `Usage: npx tsx tools/smoke/cli.ts --url <API base> [credentials] [options]

  --url <url>                     the stack output url (https://<host>/api); /api is appended when missing
Credentials (none: anonymous, as a local container runs; a token and a function key may go together):
  --audience <apiAudience> --client-id <smoke identity client id> [--tenant-id <id>] [--token-file <path>]
                                  a token for <apiAudience>/.default from the smoke identity's federated credential
                                  (tenant: ARM_TENANT_ID or AZURE_TENANT_ID; token file: AZURE_FEDERATED_TOKEN_FILE)
  --token-env <NAME>              a bearer token passed in the environment variable NAME (instead of --audience)
  --function-key-env <NAME>       a function key passed in the environment variable NAME (x-functions-key)
Options:
  --ready-seconds <n>             time the app may take to answer /api/health healthy (default 300)
  --orchestration-seconds <n>     time an orchestration may take to complete (default 180)
  --request-seconds <n>           time one request may take (default 30)
  --query-days <start>..<end>     the small query's two ISO days (default 2000-01-01..2000-01-02)
  --expect-source-version <hash>  wait until /api/health reports this SOURCE_VERSION (the new image answers)
  --result <file>                 write the machine-readable result (JSON)
  --summary <file>                append a Markdown section (e.g. "$GITHUB_STEP_SUMMARY")
  --label <text>                  what the summary calls the target (default: its host)
Exit codes: 0 passed, 1 a check failed, 2 the smoke test could not run.`;

export class UsageError extends Error {}

export type TokenSource =
  | { kind: "none" }
  | { kind: "federated"; audience: string; clientId: string; tenantId: string; tokenFile: string }
  | { kind: "env"; name: string };

export interface CredentialSource {
  token: TokenSource;
  /** The environment variable holding a function key, if any. */
  functionKeyEnv?: string;
}

export interface SmokeCommand {
  apiBase: string;
  credentials: CredentialSource;
  readySeconds: number;
  orchestrationSeconds: number;
  requestSeconds: number;
  queryDays: { start: string; end: string };
  expectSourceVersion?: string;
  resultFile?: string;
  summaryFile?: string;
  label: string;
}

const loopbackHosts = new Set(["localhost", "127.0.0.1", "[::1]"]);
const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The API base without a trailing slash, ending in /api. */
export function apiBaseOf(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url: "${raw}" is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new UsageError(`--url: "${raw}" is not http(s)`);
  if (url.search || url.hash) throw new UsageError(`--url: "${raw}" must have no query or fragment`);
  const path = url.pathname.replace(/\/+$/, "");
  url.pathname = path.endsWith("/api") ? path : `${path}/api`;
  return url;
}

function seconds(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 3600)
    throw new UsageError(`--${name}: "${value}" must be 1-3600 seconds`);
  return Number(value);
}

function queryDays(value: string | undefined): { start: string; end: string } {
  if (value === undefined) return { start: "2000-01-01", end: "2000-01-02" };
  const [start, end, ...rest] = value.split("..");
  if (!start || !end || rest.length || !isoDay.test(start) || !isoDay.test(end) || start >= end) {
    throw new UsageError(`--query-days: "${value}" must be <start>..<end>, ISO days, start before end`);
  }
  return { start, end };
}

function envName(value: string, option: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) throw new UsageError(`--${option}: "${value}" is not an environment variable name`);
  return value;
}

function tokenSource(values: Record<string, string | undefined>, env: NodeJS.ProcessEnv): TokenSource {
  if (values.audience !== undefined && values["token-env"] !== undefined)
    throw new UsageError("choose --audience or --token-env, not both");
  if (values["token-env"] !== undefined) return { kind: "env", name: envName(values["token-env"], "token-env") };
  if (values.audience === undefined) {
    const stray = ["client-id", "tenant-id", "token-file"].filter((name) => values[name] !== undefined);
    if (stray.length) throw new UsageError(`--${stray.join(", --")} apply only with --audience`);
    return { kind: "none" };
  }
  const audience = values.audience.replace(/\/+$/, "");
  if (audience === "") throw new UsageError("--audience is empty (the stack output apiAudience)");
  const clientId = values["client-id"];
  if (!clientId || !guid.test(clientId))
    throw new UsageError(`--client-id: "${clientId ?? ""}" must be the smoke identity's client id (a GUID)`);
  const tenantId = values["tenant-id"] ?? env.ARM_TENANT_ID ?? env.AZURE_TENANT_ID;
  if (!tenantId || !guid.test(tenantId))
    throw new UsageError("--tenant-id (or ARM_TENANT_ID / AZURE_TENANT_ID) must be the tenant's id (a GUID)");
  const tokenFile = values["token-file"] ?? env.AZURE_FEDERATED_TOKEN_FILE;
  if (!tokenFile) throw new UsageError("--token-file (or AZURE_FEDERATED_TOKEN_FILE): the GitHub OIDC token the smoke identity trusts");
  return { kind: "federated", audience, clientId, tenantId, tokenFile };
}

function credentialSource(values: Record<string, string | undefined>, env: NodeJS.ProcessEnv): CredentialSource {
  const token = tokenSource(values, env);
  const key = values["function-key-env"];
  return key === undefined ? { token } : { token, functionKeyEnv: envName(key, "function-key-env") };
}

export function parseSmokeArgs(argv: string[], env: NodeJS.ProcessEnv): SmokeCommand {
  let values: Record<string, string | undefined>;
  try {
    const text = { type: "string" } as const;
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        url: text,
        audience: text,
        "client-id": text,
        "tenant-id": text,
        "token-file": text,
        "token-env": text,
        "function-key-env": text,
        "ready-seconds": text,
        "orchestration-seconds": text,
        "request-seconds": text,
        "query-days": text,
        "expect-source-version": text,
        result: text,
        summary: text,
        label: text,
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!values.url) throw new UsageError("--url is required (the stack output url)");
  const url = apiBaseOf(values.url);
  const credentials = credentialSource(values, env);
  // A token or key sent in clear text to anything but this machine would be readable on the way.
  const anonymous = credentials.token.kind === "none" && credentials.functionKeyEnv === undefined;
  if (!anonymous && url.protocol === "http:" && !loopbackHosts.has(url.hostname)) {
    throw new UsageError(`--url: credentials travel over https only (http is for a local container), got ${url.origin}`);
  }
  return {
    apiBase: url.href.replace(/\/+$/, ""),
    credentials,
    readySeconds: seconds(values["ready-seconds"], "ready-seconds", 300),
    orchestrationSeconds: seconds(values["orchestration-seconds"], "orchestration-seconds", 180),
    requestSeconds: seconds(values["request-seconds"], "request-seconds", 30),
    queryDays: queryDays(values["query-days"]),
    expectSourceVersion: values["expect-source-version"] || undefined,
    resultFile: values.result,
    summaryFile: values.summary,
    label: values.label ?? url.host,
  };
}
