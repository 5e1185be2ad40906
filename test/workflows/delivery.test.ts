// The delivery flow's guarantees, read from the workflow files: PR previews with the policy pack, dev deployed
// from main, prod promoted by digest behind reviewers, OIDC only, pinned actions, one update per stack at a time.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  actionFiles,
  allJobs,
  allUses,
  environmentOf,
  pulumiCommands,
  readYaml,
  stepsOf,
  workflow,
  workflowFiles,
  type CompositeAction,
  type Job,
  type Step,
} from "./workflow-files";

const rootPackage = JSON.parse(readFileSync("package.json", "utf8"));
/** `uses: owner/repo[/path]@<full commit SHA> # v<major>.<minor>.<patch>`: a tag can be moved, a commit cannot. */
const pinnedLine = /^\s*(- )?uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/;
const deployingJobs = allJobs().filter(({ job }) => pulumiCommands(job).length > 0);

const pr = workflow("pr.yml");
const deployDev = workflow("deploy-dev.yml");
const promote = workflow("promote-prod.yml");

function onlyPulumiCommand(job: Job | undefined) {
  const commands = pulumiCommands(job ?? {});
  expect(commands).toHaveLength(1);
  return commands[0]!.with ?? {};
}

/** The job's update (step id `up`); a release job also updates a staging slot before it and a rollback after it (test/workflows/releaseSteps.test.ts). */
function updateStep(job: Job | undefined) {
  const updates = pulumiCommands(job ?? {}).filter((step) => step.id === "up");
  expect(updates).toHaveLength(1);
  return updates[0]!.with ?? {};
}

describe("every workflow and action", () => {
  it("pins each action to a full commit SHA with its version in a comment, which Dependabot keeps current (local actions aside)", () => {
    const external = allUses().filter((uses) => !uses.startsWith("./"));
    expect(external.length).toBeGreaterThan(0);
    expect(external.filter((uses) => !/@[0-9a-f]{40}$/.test(uses))).toEqual([]);
    const lines = [...workflowFiles, ...actionFiles].flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => /^\s*(- )?uses: /.test(line) && !line.includes("uses: ./"))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(lines.length).toBe(external.length);
    expect(lines.filter((line) => !pinnedLine.test(line.slice(line.indexOf(": ") + 2)))).toEqual([]);
    // One version per action across the files, so the comments cannot disagree.
    const versions = new Map<string, Set<string>>();
    for (const line of lines) {
      const [, action, sha] = /uses: ([^@]+)@([0-9a-f]{40})/.exec(line)!;
      versions.set(action!, (versions.get(action!) ?? new Set()).add(`${sha} ${line.split(" # ")[1]}`));
    }
    for (const [action, pins] of versions) expect([...pins], action).toHaveLength(1);
  });

  it("checks out without leaving the token in the git config in every job that can get an Azure token", () => {
    const azureJobs = allJobs().filter(({ job }) => job.permissions?.["id-token"] === "write");
    expect(azureJobs.length).toBeGreaterThan(0);
    for (const { file, id, job } of azureJobs) {
      const checkout = (job.steps ?? []).find((step) => step.uses?.startsWith("actions/checkout@"));
      expect(checkout?.with?.["persist-credentials"], `${file} ${id}`).toBe(false);
    }
  });

  it("logs in to Azure by OIDC only: id-token write where Azure is used, no client secret anywhere", () => {
    for (const file of [...workflowFiles, ...actionFiles]) {
      expect(readFileSync(file, "utf8"), file).not.toMatch(/client[-_]secret|creds:|AZURE_CREDENTIALS|publish-profile/i);
    }
    for (const { file, workflow: parsed } of allJobs()) {
      expect(parsed.permissions, file).toEqual({ contents: "read" });
    }
    const azureJobs = allJobs().filter(({ job }) => stepsOf(job).some((step) => step.uses?.startsWith("azure/login@")));
    expect(azureJobs.map(({ id }) => id).sort()).toEqual(["preview", "promote", "resolve", "up"]);
    for (const { file, id, job } of azureJobs) expect(job.permissions?.["id-token"], `${file} ${id}`).toBe("write");
    const login = readYaml<CompositeAction>(actionFiles[0]!).runs.steps.find((step) => step.uses?.startsWith("azure/login@"));
    expect(Object.keys(login?.with ?? {}).sort()).toEqual(["client-id", "subscription-id", "tenant-id"]);
  });

  it("gives the Pulumi providers the ARM_* OIDC variables from repository variables", () => {
    for (const parsed of [pr, deployDev, promote]) {
      expect(parsed.env).toMatchObject({
        ARM_USE_OIDC: "true",
        ARM_TENANT_ID: "${{ vars.AZURE_TENANT_ID }}",
        ARM_SUBSCRIPTION_ID: "${{ vars.AZURE_SUBSCRIPTION_ID }}",
      });
    }
    const exportsClientId = readYaml<CompositeAction>(actionFiles[0]!).runs.steps.some((step) =>
      step.run?.includes("ARM_CLIENT_ID=$CLIENT_ID"),
    );
    expect(exportsClientId).toBe(true);
  });
});

describe("credentials that outlive a 30-minute update (GitHub's OIDC token lasts about 5 minutes)", () => {
  const action = readYaml<CompositeAction>(actionFiles[0]!);
  const refresher = action.runs.steps.find((step) => step.run?.includes("refresh-federated-token.sh"));
  const indexOf = (steps: Step[], found: (step: Step) => boolean) => steps.findIndex(found);

  it("keeps a fresh GitHub OIDC token in a file, written once before the step ends, then refreshed in the background", () => {
    expect(refresher?.run).toMatch(/refresh-federated-token\.sh" "\$token_file" --once\n/);
    expect(refresher?.run).toMatch(/nohup bash "\$GITHUB_ACTION_PATH\/refresh-federated-token\.sh" "\$token_file" > .* 2>&1 &/);
    for (const variable of ["AZURE_FEDERATED_TOKEN_FILE=$token_file", "AZURE_CLIENT_ID=$CLIENT_ID", "AZURE_TENANT_ID=$ARM_TENANT_ID"]) {
      expect(refresher?.run).toContain(variable);
    }
  });

  it("starts the refresher after the Azure login and before any Pulumi command, in every job that reaches Azure", () => {
    const azureJobs = allJobs().filter(({ job }) => stepsOf(job).some((step) => step.uses?.startsWith("azure/login@")));
    expect(azureJobs.length).toBe(4);
    for (const { file, id, job } of azureJobs) {
      const steps = stepsOf(job);
      const refresh = indexOf(steps, (step) => step.run?.includes("refresh-federated-token.sh") === true);
      expect(refresh, `${file} ${id}`).toBeGreaterThan(indexOf(steps, (step) => step.uses?.startsWith("azure/login@") === true));
      expect(refresh, `${file} ${id}`).toBeLessThan(indexOf(steps, (step) => step.uses?.startsWith("pulumi/actions@") === true));
    }
  });

  it("signs kubelogin in as the workload identity, not through the CLI session", () => {
    for (const variable of ["AAD_LOGIN_METHOD=workloadidentity", "AZURE_AUTHORITY_HOST=https://login.microsoftonline.com/"]) {
      // kubelogin v0.1.6 builds its token URL from AZURE_AUTHORITY_HOST and has no default (Azure/kubelogin pkg/internal/token/federatedIdentity.go).
      expect(refresher?.run).toContain(variable);
    }
    // A workflow-level value would take precedence over what the action exports.
    for (const parsed of [pr, deployDev, promote]) expect(parsed.env ?? {}).not.toHaveProperty("AAD_LOGIN_METHOD");
    // From v0.2.0 kubelogin asks GitHub for a new token itself when ACTIONS_ID_TOKEN_REQUEST_* are set
    // (Azure/kubelogin pkg/internal/token/provider.go); test/workflows/kubeTools.test.ts checks the pinned install.
    const kubelogin = action.runs.steps.find((step) => step.env?.["KUBELOGIN_VERSION"]);
    expect(kubelogin?.env?.["KUBELOGIN_VERSION"]).toMatch(/^v0\.(2|[3-9])\.\d+$/);
  });

  it("lets the azure-native provider ask GitHub for a new token per Entra token: no token or token file handed to it", () => {
    // With ARM_OIDC_TOKEN(_FILE_PATH) the provider reads one token at start-up (pulumi/pulumi-azure-native provider/pkg/provider/auth_azidentity.go).
    for (const file of [...workflowFiles, ...actionFiles]) {
      expect(readFileSync(file, "utf8"), file).not.toMatch(/ARM_OIDC_TOKEN|ARM_USE_DEFAULT_AZURE_CREDENTIAL|ARM_USE_MSI/);
    }
  });

  it("sets up a BuildKit builder that can export the registry cache (the docker driver cannot)", () => {
    const buildx = indexOf(action.runs.steps, (step) => step.uses?.startsWith("docker/setup-buildx-action@") === true);
    expect(buildx).toBeGreaterThanOrEqual(0);
    expect(action.runs.steps[buildx]!.with ?? {}).not.toHaveProperty("driver");
  });

  it("keeps state in Azure Blob, secrets in Key Vault, and runs the Pulumi CLI the program's SDK matches", () => {
    expect(deployingJobs.length).toBeGreaterThan(0);
    for (const { file, id, job, workflow: parsed } of deployingJobs) {
      expect(parsed.env?.["PULUMI_BACKEND_URL"], file).toMatch(/^azblob:\/\/\$\{\{ vars\.\w+ \}\}\?storage_account=\$\{\{ vars\.\w+ \}\}$/);
      expect(parsed.env?.["PULUMI_VERSION"], file).toBe(rootPackage.dependencies["@pulumi/pulumi"]);
      for (const step of pulumiCommands(job)) {
        expect(step.with, `${file} ${id}`).toMatchObject({
          "cloud-url": "${{ env.PULUMI_BACKEND_URL }}",
          "pulumi-version": "${{ env.PULUMI_VERSION }}",
        });
        expect(step.with?.["secrets-provider"], `${file} ${id}`).toMatch(
          /^azurekeyvault:\/\/\$\{\{ vars\.\w+ \}\}\.vault\.azure\.net\/keys\/durable-aks-/,
        );
      }
    }
  });

  it("sets up the Node major the project runs on", () => {
    const nodeVersions = [...allJobs().flatMap(({ job }) => stepsOf(job)), ...readYaml<CompositeAction>(actionFiles[0]!).runs.steps]
      .filter((step) => step.uses?.startsWith("actions/setup-node@"))
      .map((step) => String(step.with?.["node-version"]));
    expect(nodeVersions.length).toBeGreaterThan(0);
    expect(new Set(nodeVersions)).toEqual(new Set([rootPackage.engines.node.match(/>=(\d+)/)[1]]));
  });
});

describe("GitHub environments: each identity's OIDC subject names one (bootstrap/deployIdentity.ts githubSubjects)", () => {
  const clientIdVariable = (job: Job) =>
    /vars\.(AZURE_CLIENT_ID_\w+)/.exec(
      String((job.steps ?? []).find((step) => step.uses === "./.github/actions/pulumi-azure")?.with?.["client-id"]),
    )?.[1];

  it("every job that can get an Azure token runs in the environment of the identity it signs in as", () => {
    const azureJobs = allJobs().filter(({ job }) => job.permissions?.["id-token"] === "write");
    expect(azureJobs.map(({ file, id, job }) => [file.split("/").pop(), id, environmentOf(job), clientIdVariable(job)]).sort()).toEqual(
      [
        ["deploy-dev.yml", "up", "dev", "AZURE_CLIENT_ID_DEV"],
        ["pr.yml", "preview", "preview", "AZURE_CLIENT_ID_PREVIEW"],
        ["promote-prod.yml", "promote", "prod", "AZURE_CLIENT_ID_PROD"],
        ["promote-prod.yml", "resolve", "dev", "AZURE_CLIENT_ID_DEV"],
      ].sort(),
    );
  });

  it("the smoke identity of the stack a job deploys reaches it as a variable of the same environment", () => {
    expect(deployDev.jobs["up"]?.env?.["AZURE_CLIENT_ID_SMOKE"]).toBe("${{ vars.AZURE_CLIENT_ID_SMOKE_DEV }}");
    expect(promote.jobs["promote"]?.env?.["AZURE_CLIENT_ID_SMOKE"]).toBe("${{ vars.AZURE_CLIENT_ID_SMOKE_PROD }}");
  });
});

describe("pull requests", () => {
  it("run install, typecheck, tests and the offline render first", () => {
    expect(Object.keys(pr.on)).toEqual(["pull_request"]);
    expect(pr.jobs["checks"]?.uses).toBe("./.github/workflows/checks.yml");
    const commands = stepsOf(workflow("checks.yml").jobs["checks"]!).flatMap((step) => (step.run ? [step.run.trim()] : []));
    expect(commands.slice(0, 5)).toEqual([
      "npm ci --ignore-scripts",
      "npm rebuild node esbuild",
      "npm run typecheck",
      "npm run lint",
      "npm test",
    ]);
    expect(commands.join("\n")).toMatch(/npm run render -- dev\nnpm run render -- prod/);
  });

  it("then preview dev (never prod: test/workflows/previewPrivilege.test.ts) with the policy pack and comment the diff", () => {
    const preview = pr.jobs["preview"]!;
    expect(preview.needs).toBe("checks");
    expect(preview.strategy?.matrix?.["stack"]).toEqual(["dev"]);
    expect(preview.permissions).toMatchObject({ "pull-requests": "write", "id-token": "write" });
    expect(preview.concurrency?.group).toContain("${{ matrix.stack }}");
    expect(onlyPulumiCommand(preview)).toMatchObject({
      command: "preview",
      "stack-name": "organization/durable-aks/${{ matrix.stack }}",
      policyPacks: "policy",
      "comment-on-pr": true,
    });
  });
});

describe("main", () => {
  it("deploys dev, the only stack that builds, with the policy pack, one update at a time", () => {
    expect(deployDev.on).toMatchObject({ push: { branches: ["main"] } });
    const up = deployDev.jobs["up"]!;
    expect(deployDev.jobs["checks"]?.uses).toBe("./.github/workflows/checks.yml");
    expect(up.needs).toBe("checks");
    expect(up.concurrency).toEqual({ group: "pulumi-dev", "cancel-in-progress": false });
    expect(updateStep(up)).toMatchObject({ command: "up", "stack-name": "organization/durable-aks/dev", policyPacks: "policy" });
  });
});

describe("promotion to prod", () => {
  const resolve = promote.jobs["resolve"]!;
  const promoteJob = promote.jobs["promote"]!;

  it("is started by hand from main, with an optional digest for rollbacks", () => {
    expect(Object.keys(promote.on)).toEqual(["workflow_dispatch"]);
    expect(promote.on["workflow_dispatch"]).toMatchObject({ inputs: { digest: { type: "string", required: false } } });
    expect(resolve.if).toBe("github.ref == 'refs/heads/main'");
  });

  it("takes dev's imageRef unless a digest is given, and accepts only a sha256 digest", () => {
    expect(onlyPulumiCommand(resolve)).toMatchObject({ command: "output", "stack-name": "organization/durable-aks/dev" });
    const choose = stepsOf(resolve).find((step) => step.id === "digest");
    expect(choose?.env).toEqual({ REQUESTED: "${{ inputs.digest }}", DEV_IMAGE_REF: "${{ steps.dev.outputs.imageRef }}" });
    expect(choose?.run).toContain("^sha256:[a-f0-9]{64}$");
    expect(resolve.outputs).toEqual({ digest: "${{ steps.digest.outputs.digest }}" });
  });

  it("runs pulumi up on prod only behind the prod environment, one update at a time", () => {
    const prodUpdates = deployingJobs.filter(({ job }) =>
      pulumiCommands(job).some((step) => step.with?.["command"] === "up" && String(step.with?.["stack-name"]).endsWith("/prod")),
    );
    expect(prodUpdates.map(({ file, id }) => `${file}#${id}`)).toEqual([".github/workflows/promote-prod.yml#promote"]);
    expect(environmentOf(promoteJob)).toBe("prod");
    expect(promoteJob.needs).toBe("resolve");
    expect(promoteJob.concurrency).toEqual({ group: "pulumi-prod", "cancel-in-progress": false });
    expect(updateStep(promoteJob)).toMatchObject({ command: "up", policyPacks: "policy" });
  });

  it("passes the approved digest to the prod stack and builds nothing", () => {
    const pin = stepsOf(promoteJob).find((step) => step.run?.includes("pulumi config set --path 'durable-aks:image.digest' \"$DIGEST\""));
    expect(pin?.env).toEqual({ DIGEST: "${{ needs.resolve.outputs.digest }}" });
    expect(pin?.run).toContain("--stack organization/durable-aks/prod");
    expect(readFileSync(".github/workflows/promote-prod.yml", "utf8")).not.toMatch(
      /docker (build|push)|buildx|build-push-action|az acr build/,
    );
    const prodImage = parse(readFileSync("Pulumi.prod.yaml", "utf8")).config["durable-aks:image"];
    expect(prodImage.promoteFrom).toBe("organization/durable-aks/dev");
    expect(prodImage.build).toBeUndefined();
  });
});
