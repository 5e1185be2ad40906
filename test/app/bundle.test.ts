// The artifact the image ships: app/scripts/bundle.mjs's output, loaded from a folder with no node_modules, must
// register exactly what the TypeScript sources register.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { installFunctionsHostCapture, summarize, takeRegistrations, type CapturedFunction } from "../support/functionsHostCapture";

const appDirectory = join(__dirname, "..", "..", "app");
let wwwroot: string;
let bundle: string;

beforeAll(() => {
  installFunctionsHostCapture();
  // Laid out like /home/site/wwwroot in the image, in a folder with no node_modules anywhere above it.
  wwwroot = mkdtempSync(join(tmpdir(), "wwwroot-"));
  mkdirSync(join(wwwroot, "dist"));
  execFileSync(process.execPath, [join(appDirectory, "scripts", "bundle.mjs"), join(wwwroot, "dist", "main.js")]);
  copyFileSync(join(appDirectory, "host.json"), join(wwwroot, "host.json"));
  copyFileSync(join(appDirectory, "package.json"), join(wwwroot, "package.json"));
  bundle = readFileSync(join(wwwroot, "dist", "main.js"), "utf8");
});

afterAll(() => {
  rmSync(wwwroot, { recursive: true, force: true });
});

async function sourceRegistrations(): Promise<CapturedFunction[]> {
  vi.resetModules();
  takeRegistrations();
  await import("../../app/src/index.js");
  return takeRegistrations();
}

describe("the bundle (what the image runs)", () => {
  it("is reproducible byte for byte, so the map it does not ship can be rebuilt from the commit", () => {
    // Same file name: the bundle ends with a sourceMappingURL comment that names it.
    const again = join(wwwroot, "again", "main.js");
    execFileSync(process.execPath, [join(appDirectory, "scripts", "bundle.mjs"), again]);
    expect(readFileSync(again, "utf8") === bundle).toBe(true);
  });

  it("requires nothing but Node built-ins, the worker's @azure/functions-core and an optional colour probe", () => {
    const required = new Set([...bundle.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]));
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    expect([...required].filter((name) => !builtins.has(name!)).sort()).toEqual(["@azure/functions-core", "supports-color"]);
  });

  it("loads from package.json's main with no node_modules and registers the same functions as the sources", async () => {
    const expected = summarize(await sourceRegistrations());
    takeRegistrations();
    const main = (JSON.parse(readFileSync(join(wwwroot, "package.json"), "utf8")) as { main: string }).main;
    createRequire(join(wwwroot, "package.json"))(`./${main}`);
    const fromBundle = summarize(takeRegistrations());
    expect(fromBundle).toHaveLength(21);
    expect(fromBundle).toEqual(expected);
  });
});
