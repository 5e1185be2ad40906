// (c) What the final image stage adds on top of the Functions base image, against shipping compiled output with the
// production node_modules. The base image itself cannot be measured here (no Docker engine).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatBytes } from "./measure";

const root = join(__dirname, "..", "..");
const appDirectory = join(root, "app");

function sizeOf(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.size;
  return readdirSync(path).reduce((total, name) => total + sizeOf(join(path, name)), 0);
}

/** Folders of every production dependency of the app workspace, as npm resolves them (nested copies included). */
function productionPackageFolders(): string[] {
  const output = execFileSync("npm", ["ls", "--workspace", "app", "--omit=dev", "--all", "--parseable"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const folders = [...new Set(output.split("\n").filter((line) => line.includes("node_modules")))];
  // A folder nested inside another listed folder is already counted with its parent.
  return folders.filter((folder) => !folders.some((other) => other !== folder && folder.startsWith(`${other}/node_modules/`)));
}

export async function benchmarkImageSize(): Promise<string[]> {
  const out = mkdtempSync(join(tmpdir(), "image-size-"));
  try {
    execFileSync(process.execPath, [join(appDirectory, "scripts", "bundle.mjs"), join(out, "main.js")]);
    execFileSync(process.execPath, [
      require.resolve("typescript/bin/tsc"),
      "-p",
      join(appDirectory, "tsconfig.json"),
      "--outDir",
      join(out, "compiled"),
    ]);
    const metadata = sizeOf(join(appDirectory, "host.json")) + sizeOf(join(appDirectory, "package.json"));
    const bundle = sizeOf(join(out, "main.js"));
    const compiled = sizeOf(join(out, "compiled", "src"));
    const folders = productionPackageFolders();
    const nodeModules = folders.reduce((total, folder) => total + sizeOf(folder), 0);
    const shipped = bundle + metadata;
    const alternative = compiled + nodeModules + metadata;
    return [
      "(c) image payload: what the final stage copies on top of mcr.microsoft.com/azure-functions/node:4-node22",
      `    bundle ${formatBytes(bundle)} + host.json/package.json ${formatBytes(metadata)} = ${formatBytes(shipped)} (the source map is not shipped)`,
      `    instead of tsc output ${formatBytes(compiled)} + production node_modules ${formatBytes(nodeModules)} (${folders.length} packages) = ${formatBytes(alternative)}` +
        ` (${(alternative / shipped).toFixed(1)}x)`,
    ];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
