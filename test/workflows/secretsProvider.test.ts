// How Pulumi's azurekeyvault:// secrets provider (and the azblob:// backend) authenticate in CI. Both open their client
// with azidentity.NewDefaultAzureCredential (google/go-cloud secrets/azurekeyvault/akv.go DefaultClientMaker; the
// AZURE_KEYVAULT_AUTH_VIA_CLI switch survives only in its doc comment and is read by nothing). Its chain tries
// EnvironmentCredential first (only with a client secret, certificate or password in the environment), then
// WorkloadIdentityCredential from AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE
// (Azure/azure-sdk-for-go sdk/azidentity/default_azure_credential.go): the file the pulumi-azure action keeps fresh.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { actionFiles, allJobs, pulumiCommands, readYaml, stepsOf, workflowFiles, type CompositeAction } from "./workflow-files";

const action = readYaml<CompositeAction>(actionFiles.find((file) => file.includes("pulumi-azure"))!);
const exportingStep = action.runs.steps.find(
  (step) => step.run?.includes('>> "$GITHUB_ENV"') && step.run.includes("AZURE_FEDERATED_TOKEN_FILE="),
);
const exported = (exportingStep?.run ?? "").match(/^\s*echo "([A-Z_]+)=/gm)?.map((line) => line.replace(/^\s*echo "|=$/g, "")) ?? [];

describe("the secrets provider in CI", () => {
  it("is not told to use the Azure CLI session by a variable nothing reads", () => {
    for (const file of [...workflowFiles, ...actionFiles])
      expect(readFileSync(file, "utf8"), file).not.toContain("AZURE_KEYVAULT_AUTH_VIA_CLI");
  });

  it("finds the workload-identity variables the action exports to every later step", () => {
    expect(exported).toEqual(expect.arrayContaining(["AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_FEDERATED_TOKEN_FILE"]));
  });

  it("finds no variable that would put another credential of the chain before the workload identity", () => {
    const environmentCredential = /AZURE_CLIENT_SECRET|AZURE_CLIENT_CERTIFICATE_PATH|AZURE_USERNAME|AZURE_PASSWORD/;
    for (const file of [...workflowFiles, ...actionFiles]) expect(readFileSync(file, "utf8"), file).not.toMatch(environmentCredential);
  });

  it("runs every Pulumi command after the action has exported them", () => {
    const jobs = allJobs().filter(({ job }) => pulumiCommands(job).length > 0);
    expect(jobs.length).toBeGreaterThan(0);
    for (const { file, id, job } of jobs) {
      const steps = stepsOf(job);
      const exportAt = steps.findIndex((step) => step.run === exportingStep?.run);
      const firstCommand = steps.findIndex((step) => step.uses?.startsWith("pulumi/actions@") && step.with?.["command"] !== undefined);
      expect(exportAt, `${file} ${id}`).toBeGreaterThanOrEqual(0);
      expect(exportAt, `${file} ${id}`).toBeLessThan(firstCommand);
    }
  });
});
