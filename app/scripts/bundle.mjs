// Bundles the app into one CommonJS file, the only code the container image ships (no node_modules).
// Plain JavaScript on purpose: the image's build stage runs it with node alone, without a TypeScript toolchain.
// Usage: node scripts/bundle.mjs [outfile]   (default dist/main.js, relative to app/)
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

const appDirectory = fileURLToPath(new URL("..", import.meta.url));
const outfile = resolve(appDirectory, process.argv[2] ?? "dist/main.js");

await build({
  entryPoints: [resolve(appDirectory, "src/index.ts")],
  bundle: true,
  platform: "node",
  target: "node22",
  format: "cjs",
  // @azure/functions-core: provided by the Functions Node.js worker at run time, never installed from npm.
  // supports-color: an optional require of `debug`, inside try/catch; left out so the bundle is the same whether or
  // not some other workspace happened to install it (the image's build stage installs the app's dependencies only).
  external: ["@azure/functions-core", "supports-color"],
  // Whitespace and syntax only: identifiers stay readable in stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  legalComments: "none",
  logLevel: "warning",
  outfile,
});
