import { readdirSync } from "node:fs";
import { join } from "node:path";

/** The repository's root folder. */
export const repositoryRoot = join(__dirname, "..", "..");

const generated = new Set(["node_modules", ".git", "dist"]);

/** Files under `directory` whose names match `names`, skipping installed, generated and `skipped` folders. */
export function filesUnder(directory: string, names: RegExp, skipped: ReadonlySet<string> = new Set()): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return generated.has(entry.name) || skipped.has(entry.name) ? [] : filesUnder(path, names, skipped);
    return names.test(entry.name) ? [path] : [];
  });
}
