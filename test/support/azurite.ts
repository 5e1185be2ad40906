import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Azurite's published development account: a well-known public key, not a secret. */
export const azuriteAccountName = "devstoreaccount1";
export const azuriteAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface AzuriteTable {
  /** Account connection string whose TableEndpoint points at this instance. */
  readonly connectionString: string;
  readonly port: number;
  stop(): Promise<void>;
}

const tableMain = require.resolve("azurite/dist/src/table/main.js");
const startupTimeoutMs = 30_000;
const startAttempts = 3;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function waitForStart(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => fail(new Error(`Azurite did not start within ${startupTimeoutMs} ms:\n${output}`)), startupTimeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("successfully started")) finish();
    };
    const onExit = (code: number | null) => fail(new Error(`Azurite exited with code ${code}:\n${output}`));
    function cleanup() {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.stderr?.off("data", onData);
      child.off("exit", onExit);
    }
    function finish() {
      cleanup();
      resolve();
    }
    function fail(error: Error) {
      cleanup();
      reject(error);
    }
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", onExit);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

async function startOnce(location: string): Promise<AzuriteTable> {
  const port = await freePort();
  // Same Node binary as the test run (Azurite 3.36+ needs Node >= 21); telemetry off: no traffic leaves the machine.
  const child = spawn(
    process.execPath,
    [
      tableMain,
      "--tableHost",
      "127.0.0.1",
      "--tablePort",
      String(port),
      "--inMemoryPersistence",
      "--silent",
      "--disableTelemetry",
      "--skipApiVersionCheck",
    ],
    // Azurite refuses --location with --inMemoryPersistence; its working directory takes whatever it still writes.
    { cwd: location, stdio: ["ignore", "pipe", "pipe"] },
  );
  try {
    await waitForStart(child);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return {
    port,
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${azuriteAccountName};AccountKey=${azuriteAccountKey};` +
      `TableEndpoint=http://127.0.0.1:${port}/${azuriteAccountName};`,
    stop: () => stopChild(child),
  };
}

/**
 * Starts the Azurite Table service in a child process on a random free port, in memory.
 * Another process can take the port between probing and binding: then it tries again on a new port.
 */
export async function startAzuriteTable(): Promise<AzuriteTable> {
  const location = await mkdtemp(join(tmpdir(), "azurite-table-"));
  let lastError: unknown;
  for (let attempt = 1; attempt <= startAttempts; attempt++) {
    try {
      const azurite = await startOnce(location);
      return {
        ...azurite,
        stop: async () => {
          await azurite.stop();
          await rm(location, { recursive: true, force: true });
        },
      };
    } catch (error) {
      lastError = error;
    }
  }
  await rm(location, { recursive: true, force: true });
  throw lastError;
}
