// docs/security.md's access table is exactly what the bootstrap and the main program grant (under the offline mocks),
// so the trust model a reader sees cannot drift from the code.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { runBootstrap } from "../../tools/render/runBootstrap";
import { runProgram } from "../../tools/render/runProgram";
import { accessTable } from "../support/accessTable";

const doc = readFileSync("docs/security.md", "utf8");
const between = (start: string, end: string) => doc.slice(doc.indexOf(start) + start.length, doc.indexOf(end)).trim();

let expected: string;
beforeAll(async () => {
  // One group of each kind the bootstrap can be given, so every kind of grant appears.
  const group = (digit: string) => `${digit.repeat(8)}-${digit.repeat(4)}-4${digit.repeat(3)}-8${digit.repeat(3)}-${digit.repeat(12)}`;
  const bootstrap = await runBootstrap({
    stack: "subscription",
    config: {
      signIn: {
        dev: { accessGroups: [group("1")], approverGroups: [group("2")] },
        prod: { accessGroups: [group("3")], approverGroups: [group("4")] },
      },
    },
  });
  const programs = [];
  for (const stack of ["dev", "prod"])
    for (const hosting of ["aks", "appService"] as const)
      programs.push({ hosting, run: await runProgram({ stack, config: hosting === "aks" ? {} : { hosting, oauth2Proxy: undefined } }) });
  expected = accessTable(bootstrap, programs);
});

describe("docs/security.md", () => {
  it("shows exactly the grants of the bootstrap and the program (paste the expected table between the markers if this fails)", () => {
    expect(doc).toContain("<!-- access table: start -->");
    expect(between("<!-- access table: start -->", "<!-- access table: end -->")).toBe(expected);
  });

  it("names every actor the trust model has", () => {
    for (const actor of [
      "pull request",
      "`main`",
      "`dev` environment",
      "`prod` environment",
      "operators",
      "users",
      "programs",
      "approvers",
      "smoke identity",
    ]) {
      expect(doc, actor).toContain(actor);
    }
  });
});
