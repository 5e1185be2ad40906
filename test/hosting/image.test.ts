import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDigestRef } from "../../infra/image";
import { buildMetadata } from "../../infra/image/imageRef";
import { promotion } from "../../infra/image/promotedImage";
import { AzureMocks } from "../../offline/mocks";
import { runProgram, type ProgramRun } from "../../offline/runProgram";
import { isSecretAt, unwrapSecrets } from "../../offline/secrets";
import { digestRef, ofType, programRun } from "./programRuns";
import { only } from "../infra/support";

const dockerImageType = (type: string) => type.startsWith("docker:") && type.endsWith(":Image");


// The cluster's Gateway API enablement is a Command too: pick the promotion's import by name.
const importCommandOf = (run: ProgramRun) => only({ ...run, resources: run.resources.filter((resource) => resource.name === "app-import") }, "command:local:Command");

describe("image built once (dev) and promoted by digest (prod)", () => {
  it("dev builds app/Dockerfile for linux/amd64 with build metadata and pushes with a short-lived token, not admin credentials", async () => {
    const run = await programRun("dev");
    const images = run.resources.filter((resource) => dockerImageType(resource.type));
    expect(images).toHaveLength(1);
    const image = images[0]!;
    expect(image.inputs.build).toMatchObject({ context: ".", dockerfile: "app/Dockerfile", platform: "linux/amd64" });
    expect(Object.keys(image.inputs.build.args).sort()).toEqual(["BUILD_NUMBER", "SOURCE_VERSION"]);
    expect((unwrapSecrets(image.inputs.registry) as { username: string }).username).toBe("00000000-0000-0000-0000-000000000000");
    expect(isSecretAt(image.inputs, "registry.password") || isSecretAt(image.inputs, "registry")).toBe(true);
    expect(run.resources.some((resource) => resource.type === "pulumi:pulumi:StackReference")).toBe(false);
    expect(run.outputs.imageRef).toMatch(digestRef);
  });

  it("prod never builds: it imports the digest dev deployed into its own registry and deploys that digest", async () => {
    const [dev, prod] = await Promise.all([programRun("dev"), programRun("prod")]);
    expect(prod.resources.filter((resource) => dockerImageType(resource.type))).toEqual([]);
    const reference = only(prod, "pulumi:pulumi:StackReference");
    expect(reference.inputs.name).toBe("organization/durable-aks/dev");
    const devDigest = parseDigestRef(String(dev.outputs.imageRef)).digest;
    const prodRef = parseDigestRef(String(prod.outputs.imageRef));
    expect(prodRef.registry).toBe(prod.outputs.registryLoginServer);
    const importCommand = importCommandOf(prod).inputs.create as string;
    expect(importCommand).toMatch(/^az acr import --name \S+ --source \S+@sha256:[a-f0-9]{64} --image \S+ --force$/);
    const sourceDigest = /@(sha256:[a-f0-9]{64})/.exec(importCommand)![1];
    expect(prodRef.digest).toBe(sourceDigest);
    // The mocks' dev stack output and the dev run compute the digest the same way: same source, same digest.
    expect(devDigest).toMatch(/^sha256:/);
  });

  it("promotes only a digest: the same digest lands in this stack's registry, a tag is refused", () => {
    const digest = `sha256:${"b".repeat(64)}`;
    expect(promotion(`acrdev.azurecr.io/durable-app@${digest}`, "acrprod.azurecr.io")).toEqual({
      sourceRef: `acrdev.azurecr.io/durable-app@${digest}`,
      importTag: "durable-app:promoted-bbbbbbbbbbbb",
      imageRef: `acrprod.azurecr.io/durable-app@${digest}`,
    });
    expect(() => promotion("acrdev.azurecr.io/durable-app:latest", "acrprod.azurecr.io")).toThrow(/not pinned by digest/);
  });

  it("rolls back by promoting a pinned earlier digest from the same source repository", async () => {
    const earlier = `sha256:${"d".repeat(64)}`;
    const run = await runProgram({ stack: "prod", config: { image: { promoteFrom: "organization/durable-aks/dev", digest: earlier } } });
    expect(run.outputs.imageRef).toBe(`${String(run.outputs.registryLoginServer)}/durable-app@${earlier}`);
    expect(importCommandOf(run).inputs.create).toContain(`/durable-app@${earlier} `);
  });

  it("promotes whatever digest the source stack exports", async () => {
    const digest = `sha256:${"c".repeat(64)}`;
    const mocks = new AzureMocks({ stackOutputs: { "organization/durable-aks/dev": { imageRef: `acrdev.azurecr.io/durable-app@${digest}` } } });
    const run = await runProgram({ stack: "prod", mocks });
    expect(run.outputs.imageRef).toBe(`${String(run.outputs.registryLoginServer)}/durable-app@${digest}`);
  });

  it("parses only digest references", () => {
    expect(parseDigestRef(`r.azurecr.io/app@sha256:${"a".repeat(64)}`)).toEqual({ registry: "r.azurecr.io", repository: "app", digest: `sha256:${"a".repeat(64)}` });
    for (const bad of ["r.azurecr.io/app:1.0", "r.azurecr.io/app:latest", "app@sha256:abc", `r.azurecr.io/app@sha256:${"g".repeat(64)}`]) {
      expect(() => parseDigestRef(bad)).toThrow(/not pinned by digest/);
    }
  });

  it("records the CI build number and source version, and rejects unsafe values", () => {
    expect(buildMetadata({ GITHUB_RUN_NUMBER: "42", GITHUB_RUN_ATTEMPT: "2", GITHUB_SHA: "abc123" })).toEqual({ buildNumber: "42.2", sourceVersion: "abc123" });
    expect(buildMetadata({})).toEqual({ buildNumber: "local", sourceVersion: "local" });
    expect(() => buildMetadata({ BUILD_NUMBER: "1; rm -rf /" })).toThrow(/BUILD_NUMBER/);
  });

  it("builds on the official, pinned Azure Functions Node base image (the same Node major as the tests)", () => {
    const dockerfile = readFileSync("app/Dockerfile", "utf8");
    const bases = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((match) => match[1]!);
    const final = bases.at(-1)!;
    expect(final).toMatch(/^mcr\.microsoft\.com\/azure-functions\/node:4-node(\d+)/);
    expect(final.match(/node(\d+)/)![1]).toBe(process.versions.node.split(".")[0]);
    for (const base of bases) expect(base).not.toMatch(/:latest$|^[^:]+$/);
  });

  it("deploys nothing by tag anywhere", async () => {
    for (const run of await Promise.all([programRun("dev"), programRun("prod")])) {
      const deployment = ofType(run, "kubernetes:apps/v1:Deployment")[0]!;
      expect(deployment.inputs.spec.template.spec.containers[0].image).toMatch(digestRef);
    }
  });
});
