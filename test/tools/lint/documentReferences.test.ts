// Code, tests and documents refer only to what a reader of this repository has: its own files, upstream sources by
// repository and path, public pages. Not to the documents it was planned from (numbered seeds, issues of the tracker
// it was built under, a plan's decisions), which a reader does not have.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { filesUnder, repositoryRoot as repository } from "../../support/repositoryFiles";

const thisFile = "test/tools/lint/documentReferences.test.ts";

/** References to documents outside the repository. An upstream issue is named with its repository and stays allowed. */
const outsideReferences: readonly RegExp[] = [
  /\bseeds? ?0\d\d\b/gi,
  /\bthe seed's\b/gi,
  /\bseeds\/[\w.-]+/gi,
  /\bARCHITECTURE\.md\b/g,
  /\bPLAN\b/g,
  /\((?:see )?issues? #?\d+\)/gi,
  /\b(?:see|in|from|per) issue #?\d+\b/gi,
];

/** `path: reference` for every reference to an outside document in `text`. */
export function outsideDocumentReferences(path: string, text: string): string[] {
  return outsideReferences.flatMap((pattern) => [...text.matchAll(pattern)].map(([found]) => `${path}: ${found}`));
}

describe("references to documents outside the repository", () => {
  it("are absent from code, tests and documents", () => {
    const found = filesUnder(repository, /\.(ts|mts|cjs|mjs|md|yml|yaml|sh)$/, new Set(["fixtures"]))
      .map((file) => relative(repository, file))
      .filter((path) => path !== thisFile)
      .flatMap((path) => outsideDocumentReferences(path, readFileSync(join(repository, path), "utf8")));
    expect(found).toEqual([]);
  });

  it("are found where they are written, and an upstream issue named with its repository is not one", () => {
    const text = [
      "/** Fan-out (seed 002, pattern 2). */",
      "// the seed's order; see issue 11; (issue 12); PLAN decision 4",
      "// not resolved (azure-functions-durable-extension issue 3279); Azure/login issue 372",
    ].join("\n");
    expect(outsideDocumentReferences("a.ts", text).sort()).toEqual(
      ["a.ts: seed 002", "a.ts: the seed's", "a.ts: see issue 11", "a.ts: (issue 12)", "a.ts: PLAN"].sort(),
    );
  });
});
