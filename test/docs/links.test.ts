import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { repositoryRoot } from "../../tools/render/stackConfig";

// The pages a reader follows: the README, the app's page and every page under docs/.
const pages = [
  "README.md",
  path.join("app", "README.md"),
  ...readdirSync(path.join(repositoryRoot, "docs"))
    .filter((page) => page.endsWith(".md"))
    .map((page) => path.join("docs", page)),
];
const read = (page: string) => readFileSync(path.join(repositoryRoot, page), "utf8");

/** The page without fenced code blocks (``` or ~~~), which GitHub renders as text: no headings or links inside. */
function prose(markdown: string): string[] {
  let fence: string | undefined;
  return markdown.split("\n").map((line) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker?.startsWith(fence)) fence = undefined;
      return "";
    }
    if (marker) {
      fence = marker;
      return "";
    }
    return line;
  });
}

// GitHub's heading ids, as github-slugger makes them (Flet/github-slugger index.js and regex.js): lowercase, drop
// punctuation (letters, digits, marks, `_`, `-` and spaces stay), each space a dash; a repeated slug gets -1, -2, ...
const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");

/** The anchors GitHub gives the page's headings; link markup in a heading keeps only its text. */
function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of prose(markdown)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const base = slug(heading.replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1"));
    let anchor = base;
    while (anchors.has(anchor)) {
      const count = (seen.get(base) ?? 0) + 1;
      seen.set(base, count);
      anchor = `${base}-${count}`;
    }
    anchors.add(anchor);
  }
  return anchors;
}

/** Inline links and images outside code: their targets as written. */
function linkTargets(markdown: string): string[] {
  return prose(markdown).flatMap((line) =>
    [...line.replace(/`[^`]*`/g, "").matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]!),
  );
}

/** The relative links of a page that lead nowhere: a missing file or folder, or an anchor its target page does not have. */
function deadLinks(page: string, markdown = read(page)): string[] {
  return linkTargets(markdown).filter((target) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return false;
    const [file, anchor] = target.split("#", 2) as [string, string | undefined];
    const targetPage = file ? path.normalize(path.join(path.dirname(page), decodeURIComponent(file))) : page;
    if (targetPage.startsWith("..") || !existsSync(path.join(repositoryRoot, targetPage))) return true;
    if (anchor === undefined) return false;
    return !targetPage.endsWith(".md") || !headingAnchors(read(targetPage)).has(decodeURIComponent(anchor));
  });
}

// Repository paths named in code spans (`infra/lib/roles.ts`), without placeholders such as <stack> or {a,b}.
const repositoryPath = /^(?:infra|app|bootstrap|policy|tools|test|\.github)\/[\w./-]*$/;

describe("README and docs", () => {
  it("the README stays a short entry page: at most 220 lines", () => {
    expect(read("README.md").split("\n").length).toBeLessThanOrEqual(220);
  });

  it("the README shows the offline quick start", () => {
    const readme = read("README.md");
    for (const command of ["npm ci", "npm run render -- dev", "npm test"]) expect(readme).toContain(`\n${command} `);
  });

  it("the README's deploy commands are the package's scripts, and the guide starts with them", () => {
    const readme = read("README.md");
    const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;
    for (const [script, args] of [
      ["up", "--bootstrap"],
      ["up", "demo"],
      ["down", "demo"],
    ] as const) {
      expect(readme).toContain(`\nnpm run ${script} -- ${args} `);
      expect(scripts[script], script).toMatch(/tools\/deploy\/cli\.ts/);
    }
    const guide = read("docs/deploy.md");
    expect(guide.indexOf("npm run up -- --bootstrap")).toBeGreaterThan(-1);
    expect(guide.indexOf("## Quick path")).toBeLessThan(guide.indexOf("## 1. "));
  });

  it.each(pages)("%s has no dead relative links (files, folders, #anchors as GitHub renders them)", (page) => {
    expect(deadLinks(page)).toEqual([]);
  });

  it.each(pages)("%s names only repository paths that exist", (page) => {
    const named = prose(read(page)).flatMap((line) => [...line.matchAll(/`([^`]+)`/g)].map((match) => match[1]!));
    const missing = named.filter((name) => repositoryPath.test(name) && !existsSync(path.join(repositoryRoot, name)));
    expect(missing).toEqual([]);
  });

  it("the link check itself: GitHub's anchors, links outside code, and a missing page, anchor or a path out of the repository", () => {
    const markdown =
      "# Title\n\n## What a first `up` waits for, and what it protects\n## Title\n```\n# not a heading [x](nowhere.md)\n```\n";
    expect([...headingAnchors(markdown)]).toEqual(["title", "what-a-first-up-waits-for-and-what-it-protects", "title-1"]);
    expect(linkTargets("[a](docs/deploy.md#x) `[b](c.md)` [c](https://example.com)")).toEqual(["docs/deploy.md#x", "https://example.com"]);
    const links =
      "[ok](deploy.md#1-describe-your-subscription) [gone](nowhere.md) [no anchor](deploy.md#no-such-step) [up](../README.md) [out](../../x.md)";
    expect(deadLinks("docs/example.md", links)).toEqual(["nowhere.md", "deploy.md#no-such-step", "../../x.md"]);
  });
});
