// (b) Cold start of the app's entry module: the bundle the image ships against compiled-but-unbundled output with
// node_modules, and against the TypeScript sources compiled on the fly. Each run is a fresh Node process.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatMs, median } from "./measure";

const root = join(__dirname, "..", "..");
const appDirectory = join(root, "app");
const runs = 7;
/** Prints how long `require(<entry>)` took, in milliseconds; Node's own start-up is not included. */
const probe = "const t = performance.now(); require(process.argv[1]); process.stdout.write(String(performance.now() - t));";

interface Variant {
  readonly name: string;
  readonly nodeArguments: string[];
  readonly entry: string;
  readonly env?: NodeJS.ProcessEnv;
}

function measure(variant: Variant): { load: number; process: number } {
  const loads: number[] = [];
  const processes: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const child = spawnSync(process.execPath, [...variant.nodeArguments, "-e", probe, variant.entry], {
      env: { ...process.env, ...variant.env },
      encoding: "utf8",
    });
    processes.push(performance.now() - started);
    if (child.status !== 0) throw new Error(`${variant.name} failed: ${child.stderr}`);
    loads.push(Number(child.stdout));
  }
  return { load: median(loads), process: median(processes) };
}

export async function benchmarkColdStart(): Promise<string[]> {
  const wwwroot = mkdtempSync(join(tmpdir(), "coldstart-"));
  try {
    mkdirSync(join(wwwroot, "dist"));
    execFileSync(process.execPath, [join(appDirectory, "scripts", "bundle.mjs"), join(wwwroot, "dist", "main.js")]);
    copyFileSync(join(appDirectory, "package.json"), join(wwwroot, "package.json"));
    // Compiled next to the app (app/dist/src) so that node_modules resolves as in an unbundled deployment.
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", join(appDirectory, "tsconfig.json")]);

    const variants: Variant[] = [
      { name: "bundle, as deployed (dist/main.js)", nodeArguments: [], entry: join(wwwroot, "dist", "main.js") },
      { name: "tsc output + node_modules", nodeArguments: [], entry: join(appDirectory, "dist", "src", "index.js") },
      {
        name: "TypeScript sources via tsx",
        nodeArguments: ["--import", "tsx"],
        entry: join(appDirectory, "src", "index.ts"),
        env: { TSX_DISABLE_CACHE: "1" },
      },
    ];

    const results = variants.map((variant) => ({ variant, ...measure(variant) }));
    const bundled = results[0]!.load;
    return [
      `(b) cold start: require() of the entry module in a fresh Node ${process.version} process, median of ${runs}`,
      ...results.map(
        ({ variant, load, process: wall }) =>
          `    ${variant.name.padEnd(36)} load ${formatMs(load).padStart(7)} (${(load / bundled).toFixed(1)}x the bundle) | whole process ${formatMs(wall).padStart(7)}`,
      ),
    ];
  } finally {
    rmSync(wwwroot, { recursive: true, force: true });
  }
}
