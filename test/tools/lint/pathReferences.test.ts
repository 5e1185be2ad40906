// Paths of this repository named in its code comments and documents exist: a file moved or renamed without its
// references leaves readers (and the commit that moved it) pointing at nothing.
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { filesUnder, repositoryRoot as repository } from "../../support/repositoryFiles";

/** The lockfile names packages, not repository paths; recorded histories (fixtures) are data. */
const scanned = (files: string[]) => files.filter((file) => !file.endsWith("package-lock.json"));
/** Files whose paths are test data (trees built in a scratch folder, paths that must be absent), not references. */
const testData = new Set([
  "test/tools/lint/importRules.test.ts",
  "test/tools/lint/pathReferences.test.ts",
  "test/tools/bench/testTiming.test.ts",
  "test/app/containerImage.test.ts",
  "test/app/bundle.test.ts",
]);
/** A path under one of the repository's own source folders, as written in prose or comments. */
const referencePattern =
  /(?<![\w./@-])((?:app\/src|app\/scripts|infra|test|tools|bootstrap|policy)\/[\w./-]*\w\.(?:ts|mts|md|yml|json|sh|mjs))/g;

/** `file: path` for every reference to a path of this repository that does not exist. */
export function deadPathReferences(files: readonly string[], exists: (path: string) => boolean): string[] {
  return files.flatMap((file) => {
    const path = relative(repository, file);
    if (testData.has(path)) return [];
    const text = readFileSync(file, "utf8");
    return [...text.matchAll(referencePattern)]
      .map(([, reference]) => reference!)
      .filter((reference) => !exists(reference))
      .map((reference) => `${path}: ${reference}`);
  });
}

describe("references to the repository's own files", () => {
  const files = scanned(filesUnder(repository, /\.(ts|mts|cjs|mjs|md|yml|yaml|json|sh)$/, new Set(["fixtures"])));

  it("are found in code and documents", () => {
    const found = files.flatMap((file) => [...readFileSync(file, "utf8").matchAll(referencePattern)]);
    expect(found.length).toBeGreaterThan(50);
  });

  it("name files that exist", () => {
    expect(deadPathReferences(files, (path) => existsSync(join(repository, path)))).toEqual([]);
  });

  it("report a moved file", () => {
    const readme = join(repository, "README.md");
    const moved = (path: string) => path !== "infra/program.ts" && existsSync(join(repository, path));
    expect(deadPathReferences([readme], moved)).toContain("README.md: infra/program.ts");
  });
});
