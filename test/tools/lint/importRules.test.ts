// The import direction of .dependency-cruiser.cjs, run on the repository and on small trees with one wrong import each:
// a rule that cannot fail on a wrong import would guard nothing.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { ICruiseResult, IConfiguration } from "dependency-cruiser" with { "resolution-mode": "import" };
import { afterAll, describe, expect, it } from "vitest";

const repository = join(__dirname, "..", "..", "..");
const rules = createRequire(__filename)(join(repository, ".dependency-cruiser.cjs")) as IConfiguration;
const scratch = mkdtempSync(join(tmpdir(), "import-rules-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
// dependency-cruiser is an ES module only.
const cruise = async (...args: Parameters<typeof import("dependency-cruiser", { with: { "resolution-mode": "import" } }).cruise>) =>
  (await import("dependency-cruiser")).cruise(...args);

async function violations(files: Record<string, string>): Promise<string[]> {
  const root = mkdtempSync(join(scratch, "tree-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const { output } = await cruise(["."], { ruleSet: rules, baseDir: root, validate: true, doNotFollow: { path: "node_modules" } });
  return (output as ICruiseResult).summary.violations.map((violation) => violation.rule.name);
}

describe("import rules", () => {
  it("hold on the repository", async () => {
    const dirs = ["infra", "bootstrap", "tools", "app/src", "app/scripts", "policy", "test"];
    const { output } = await cruise(dirs, { ...rules.options, ruleSet: rules, baseDir: repository, validate: true });
    const found = (output as ICruiseResult).summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
    expect(found).toEqual([]);
    expect((output as ICruiseResult).summary.totalCruised).toBeGreaterThan(200);
  });

  it.each([
    ["config-imports-nothing-above", { "infra/config/a.ts": 'import "../platform/b";', "infra/platform/b.ts": "export {};" }],
    ["lib-imports-only-config", { "infra/lib/a.ts": 'import "../platform/b";', "infra/platform/b.ts": "export {};" }],
    ["platform-imports-no-workload", { "infra/platform/a.ts": 'import "../workload/b";', "infra/workload/b.ts": "export {};" }],
    ["workload-imports-no-program", { "infra/workload/a.ts": 'import "../program";', "infra/program.ts": "export {};" }],
    ["infra-reads-only-the-app-contract", { "infra/platform/a.ts": 'import "../../app/src/http/b";', "app/src/http/b.ts": "export {};" }],
    ["app-imports-no-infrastructure", { "app/src/a.ts": 'import "../../infra/config/b";', "infra/config/b.ts": "export {};" }],
    ["policy-stands-alone", { "policy/a.ts": 'import "../infra/config/b";', "infra/config/b.ts": "export {};" }],
    ["bootstrap-reads-only-config-and-lib", { "bootstrap/a.ts": 'import "../infra/platform/b";', "infra/platform/b.ts": "export {};" }],
    ["sources-import-no-tests", { "infra/lib/a.ts": 'import "../../test/support/b";', "test/support/b.ts": "export {};" }],
    ["no-cycles", { "infra/lib/a.ts": 'import "./b";', "infra/lib/b.ts": 'import "./a";' }],
  ])("%s fails on a wrong import", async (rule, files) => {
    expect(await violations(files)).toContain(rule);
  });

  it("let the right direction through", async () => {
    expect(
      await violations({
        "infra/program.ts": 'import "./workload/a";',
        "infra/workload/a.ts": 'import "../platform/b"; import "../../app/src/contract/c";',
        "infra/platform/b.ts": 'import "../lib/c";',
        "infra/lib/c.ts": 'import "../config/d";',
        "infra/config/d.ts": "export {};",
        "app/src/contract/c.ts": "export {};",
      }),
    ).toEqual([]);
  });
});
