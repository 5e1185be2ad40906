// Every policy of the pack: silent on the compliant stacks and its extra passing cases, and failing each of its
// bad cases with a message that names the change to make.
import { describe, expect, it } from "vitest";
import { policies } from "../../policy/policies";
import { aksStack, appServiceStack } from "./fixtures/stacks";
import { violationsOf, type PolicyCases } from "./harness";
import { baselineCases } from "./cases/baseline";
import { bootstrapCases } from "./cases/bootstrap";
import { checklistCases } from "./cases/checklist";
import { monitoringCases } from "./cases/monitoring";

const cases: Record<string, PolicyCases> = { ...checklistCases, ...baselineCases, ...bootstrapCases, ...monitoringCases };

it("has passing and failing cases for exactly the pack's policies", () => {
  expect(Object.keys(cases).sort()).toEqual(policies.map((policy) => policy.name).sort());
  for (const [name, policyCases] of Object.entries(cases)) expect(policyCases.failing.length, name).toBeGreaterThan(0);
});

describe.each(policies.map((policy) => [policy.name, policy] as const))("%s", (name, policy) => {
  const { passing, failing } = cases[name] ?? { passing: [], failing: [] };
  const compliant = [
    { title: "the compliant AKS stack (dev)", resources: () => aksStack("dev") },
    { title: "the compliant App Service stack (prod)", resources: () => appServiceStack("prod") },
    ...passing,
  ];

  it.each(compliant.map((example) => [example.title, example] as const))("passes %s", (_title, example) => {
    expect(violationsOf(policy, example.resources())).toEqual([]);
  });

  it.each(failing.map((example) => [example.title, example] as const))("fails %s", (_title, example) => {
    const violations = violationsOf(policy, example.resources());
    expect(violations.map((violation) => violation.message)).toContainEqual(expect.stringMatching(example.message));
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.every((violation) => violation.enforcementLevel === policy.enforcementLevel && violation.policy === name)).toBe(true);
  });
});
