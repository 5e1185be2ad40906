import { describe, expect, it } from "vitest";
import { programRolesOnlyCondition } from "../../bootstrap/roles";
import { builtInRoles } from "../../infra/lib/roles";
import { evaluateCondition, roleAssignmentRequest } from "../support/abacEvaluator";

// The condition's grammar, as in Microsoft's "Constrain roles and principal types" example
// (https://learn.microsoft.com/azure/role-based-access-control/delegate-role-assignments-examples, MicrosoftDocs/azure-docs
// articles/role-based-access-control/delegate-role-assignments-examples.md): one clause for writes (the requested role and
// principal type) and one for deletes (the existing assignment's), here with ServicePrincipal instead of the example's
// User and Group.
it("limits creating and deleting role assignments to the listed roles and to service principals", () => {
  const docExample = `(
    ( !(ActionMatches{'Microsoft.Authorization/roleAssignments/write'}) )
    OR ( @Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {5e467623-bb1f-42f4-a55d-6e525e11384b, a795c7a0-d4a2-40c1-ae25-d81f01202912}
      AND @Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'} )
  ) AND (
    ( !(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'}) )
    OR ( @Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {5e467623-bb1f-42f4-a55d-6e525e11384b, a795c7a0-d4a2-40c1-ae25-d81f01202912}
      AND @Resource[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'} )
  )`;
  const compact = (text: string) => text.replace(/\s+/g, "");
  const condition = programRolesOnlyCondition([
    "a795c7a0-d4a2-40c1-ae25-d81f01202912",
    "5e467623-bb1f-42f4-a55d-6e525e11384b",
    "a795c7a0-d4a2-40c1-ae25-d81f01202912",
  ]);
  expect(compact(condition)).toBe(compact(`(${docExample})`));
});

describe("what the deployers' RBAC administrator condition allows", () => {
  const condition = programRolesOnlyCondition();
  const allows = (operation: "write" | "delete", role: string, principalType: string) =>
    evaluateCondition(condition, roleAssignmentRequest(operation, role, principalType));

  it("the program's roles to a managed identity or service principal", () => {
    for (const role of Object.values(builtInRoles)) {
      expect(allows("write", role, "ServicePrincipal"), role).toBe(true);
      expect(allows("delete", role, "ServicePrincipal"), role).toBe(true);
    }
  });

  it("never to a user, a group or a guest: anything merged to main cannot hand a data role to a person", () => {
    for (const principalType of ["User", "Group", "ForeignGroup", "Device"]) {
      expect(allows("write", builtInRoles.storageBlobDataOwner, principalType), principalType).toBe(false);
      expect(allows("delete", builtInRoles.keyVaultSecretsUser, principalType), principalType).toBe(false);
    }
  });

  it("never Owner, User Access Administrator or RBAC Administrator, to anyone", () => {
    for (const role of [
      "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
      "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
      "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
    ]) {
      expect(allows("write", role, "ServicePrincipal"), role).toBe(false);
    }
  });

  it("leaves every other action alone (the role's own reads)", () => {
    expect(evaluateCondition(condition, { action: "Microsoft.Authorization/roleAssignments/read", attributes: {} })).toBe(true);
  });
});
