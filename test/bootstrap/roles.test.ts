import { expect, it } from "vitest";
import { programRolesOnlyCondition } from "../../bootstrap/roles";

// The condition's grammar, as in Microsoft's "Constrain roles" example
// (https://learn.microsoft.com/azure/role-based-access-control/delegate-role-assignments-examples): one clause for
// writes (the requested role) and one for deletes (the existing assignment's role).
it("limits both creating and deleting role assignments to the listed role definitions", () => {
  const docExample = `(
    ( !(ActionMatches{'Microsoft.Authorization/roleAssignments/write'}) )
    OR ( @Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {5e467623-bb1f-42f4-a55d-6e525e11384b, a795c7a0-d4a2-40c1-ae25-d81f01202912} )
  ) AND (
    ( !(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'}) )
    OR ( @Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {5e467623-bb1f-42f4-a55d-6e525e11384b, a795c7a0-d4a2-40c1-ae25-d81f01202912} )
  )`;
  const compact = (text: string) => text.replace(/\s+/g, "");
  const condition = programRolesOnlyCondition([
    "a795c7a0-d4a2-40c1-ae25-d81f01202912",
    "5e467623-bb1f-42f4-a55d-6e525e11384b",
    "a795c7a0-d4a2-40c1-ae25-d81f01202912",
  ]);
  expect(compact(condition)).toBe(compact(`(${docExample})`));
});
