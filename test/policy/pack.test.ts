// The pack's shape: one module a policy, all mandatory, and only the pack's entry point starts the analyzer.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { filesUnder } from "../support/repositoryFiles";
import { policies, policyPackEnforcementLevel } from "../../policy/policies";

const policyDirectory = "policy/policies";
const policyModules = readdirSync(policyDirectory).filter((file) => file.endsWith(".ts") && file !== "index.ts");

const typeScriptFilesUnder = (directory: string) => filesUnder(directory, /\.ts$/);

describe("the policy pack", () => {
  it("holds every policy once, each mandatory but the advisory ones, each from a module of its own named after it", async () => {
    const names = policies.map((policy) => policy.name);
    expect(new Set(names).size).toBe(names.length);
    expect(policyPackEnforcementLevel).toBe("mandatory");
    // Advisory: a public prod API server without ranges is a choice the docs explain (no fixed runner addresses), not a defect.
    expect(
      policies.filter((policy) => policy.enforcementLevel !== "mandatory").map((policy) => [policy.name, policy.enforcementLevel]),
    ).toEqual([["aks-api-server-restricted-in-prod", "advisory"]]);
    expect(policyModules.map((file) => file.replace(/\.ts$/, "")).sort()).toEqual([...names].sort());
    for (const file of policyModules) {
      const exported = Object.values(await import(/* @vite-ignore */ join(process.cwd(), policyDirectory, file))).filter(
        (value) => typeof value === "object" && value !== null && "name" in value,
      );
      expect(exported, file).toEqual([policies.find((policy) => `${policy.name}.ts` === file)]);
    }
  });

  it("is constructed (and its analyzer started) only by policy/index.ts", () => {
    const constructing = typeScriptFilesUnder("policy").filter((file) => readFileSync(file, "utf8").includes("new PolicyPack("));
    expect(constructing).toEqual([join("policy", "index.ts")]);
  });

  it("runs on Node with the SDK versions the program uses", () => {
    expect(parse(readFileSync("policy/PulumiPolicy.yaml", "utf8"))).toMatchObject({ runtime: "nodejs" });
    const pack = JSON.parse(readFileSync("policy/package.json", "utf8"));
    const root = JSON.parse(readFileSync("package.json", "utf8"));
    expect(pack.dependencies["@pulumi/policy"]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pack.dependencies["@pulumi/pulumi"]).toBe(root.dependencies["@pulumi/pulumi"]);
    expect(root.workspaces).toContain("policy");
  });
});
