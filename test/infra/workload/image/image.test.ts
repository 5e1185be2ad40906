import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDigestRef } from "../../../../infra/workload/image";
import { contentHash, contentTag } from "../../../../infra/workload/image/contentTag";
import { promotedDigest, promotion } from "../../../../infra/workload/image/promotedImage";
import { AzureMocks } from "../../../support/mockAzure/mocks";
import { runProgram, type ProgramRun } from "../../../../tools/render/runProgram";
import { isSecretAt, unwrapSecrets } from "../../../support/mockAzure/secrets";
import { digestRef, ofType, programRun } from "../../../support/programRuns";
import { only } from "../../../support/infra";

const buildType = "docker-build:index:Image";
const devStack = "organization/durable-aks/dev";
const prodStack = "organization/durable-aks/prod";
const devRegistryId = "/subscriptions/s/resourceGroups/rg-durable-aks-dev/providers/Microsoft.ContainerRegistry/registries/acrdev";
const digestOf = (hex: string) => `sha256:${hex.repeat(64)}`;
// The cluster's Gateway API enablement is a Command too: pick the promotion's import by name.
const importOf = (run: ProgramRun) => {
  const imports = ofType(run, "command:local:Command").filter((command) => command.name === "app-import");
  expect(imports).toHaveLength(1);
  return imports[0]!.inputs;
};

describe("image built once (dev) with docker-build", () => {
  it("builds app/Dockerfile for linux/amd64 with @pulumi/docker-build, on preview too, so a broken Dockerfile fails the PR", async () => {
    const run = await programRun("dev");
    expect(run.resources.filter((resource) => resource.type.startsWith("docker:"))).toEqual([]);
    const image = only(run, buildType);
    expect(image.inputs).toMatchObject({
      buildOnPreview: true,
      push: true,
      context: { location: "." },
      dockerfile: { location: "app/Dockerfile" },
      platforms: ["linux/amd64"],
    });
    expect(run.resources.some((resource) => resource.type === "pulumi:pulumi:StackReference")).toBe(false);
    expect(run.outputs.imageRef).toMatch(digestRef);
    expect(parseDigestRef(String(run.outputs.imageRef)).registry).toBe(run.outputs.registryLoginServer);
  });

  it("caches every stage in its own registry (mode max, OCI manifest); a cache that cannot be written does not fail the build", async () => {
    const run = await programRun("dev");
    const image = only(run, buildType);
    const cacheRef = `${String(run.outputs.registryLoginServer)}/durable-app:buildcache`;
    expect(image.inputs.cacheFrom).toEqual([{ registry: { ref: cacheRef } }]);
    expect(image.inputs.cacheTo).toEqual([
      { registry: { ref: cacheRef, mode: "max", imageManifest: true, ociMediaTypes: true, ignoreError: true } },
    ]);
  });

  it("tags by the content the Dockerfile copies and records nothing run-specific, so identical content keeps its digest", async () => {
    const first = only(await programRun("dev"), buildType);
    const hash = contentHash({ context: ".", dockerfile: "app/Dockerfile" });
    expect(first.inputs.tags).toEqual([`${String((await programRun("dev")).outputs.registryLoginServer)}/durable-app:${contentTag(hash)}`]);
    expect(first.inputs.buildArgs).toEqual({ SOURCE_DATE_EPOCH: "0", BUILD_NUMBER: contentTag(hash), SOURCE_VERSION: hash });
    expect(first.inputs.labels).toBeUndefined();

    const ciRun = {
      GITHUB_RUN_NUMBER: "4711",
      GITHUB_RUN_ATTEMPT: "3",
      GITHUB_SHA: "commit-zz9",
      BUILD_NUMBER: "run-4711.3",
      SOURCE_VERSION: "rev-zz",
    };
    const recognisable = [ciRun.GITHUB_SHA, ciRun.BUILD_NUMBER, ciRun.SOURCE_VERSION];
    const saved = Object.fromEntries(Object.keys(ciRun).map((key) => [key, process.env[key]]));
    Object.assign(process.env, ciRun);
    try {
      const again = only(await runProgram({ stack: "dev" }), buildType);
      expect(again.inputs.tags).toEqual(first.inputs.tags);
      expect(again.inputs.buildArgs).toEqual(first.inputs.buildArgs);
      for (const value of recognisable) expect(JSON.stringify(unwrapSecrets(again.inputs))).not.toContain(value);
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it("pushes with a short-lived ACR token as a Pulumi secret, never the admin user; a preview fetches no token", async () => {
    const image = only(await programRun("dev"), buildType);
    const registries = unwrapSecrets(image.inputs.registries) as Array<{ address: string; username: string; password: string }>;
    expect(registries).toHaveLength(1);
    expect(registries[0]!.username).toBe("00000000-0000-0000-0000-000000000000");
    expect(registries[0]!.password).toBe("no-token-in-preview");
    expect(isSecretAt(image.inputs, "registries") || isSecretAt(image.inputs, "registries.0.password")).toBe(true);
  });
});

describe("content tag", () => {
  function fixture() {
    const root = mkdtempSync(join(tmpdir(), "content-tag-"));
    const write = (path: string, text: string) => {
      mkdirSync(join(root, path, ".."), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    write(
      "app/Dockerfile",
      "FROM node AS build\nCOPY package.json package-lock.json ./\nCOPY app/src \\\n  app/src\nFROM base\nCOPY --from=build /src/dist dist/\nCOPY --chown=1000 app/host.json ./\n",
    );
    write("package.json", "{}");
    write("package-lock.json", '{"lockfileVersion":3}');
    write("app/src/index.ts", "export {};");
    write("app/src/node_modules/x/index.js", "ignored");
    write("app/host.json", "{}");
    write("README.md", "not copied");
    const hash = () => contentHash({ context: root, dockerfile: join(root, "app/Dockerfile") });
    return { root, write, hash };
  }

  it("changes with the app sources, the lockfile and the Dockerfile", () => {
    const { write, hash } = fixture();
    const before = hash();
    expect(before).toMatch(/^[a-f0-9]{64}$/);
    write("app/src/index.ts", "export const changed = 1;");
    const afterSource = hash();
    expect(afterSource).not.toBe(before);
    write("package-lock.json", '{"lockfileVersion":3,"packages":{}}');
    const afterLock = hash();
    expect(afterLock).not.toBe(afterSource);
    write("app/host.json", '{"version":"2.0"}');
    expect(hash()).not.toBe(afterLock);
  });

  it("stays the same for files the image does not copy, installed packages and file times", () => {
    const { root, write, hash } = fixture();
    const before = hash();
    write("README.md", "edited");
    write("app/src/node_modules/x/index.js", "changed");
    utimesSync(join(root, "app/src/index.ts"), new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect(hash()).toBe(before);
    expect(contentTag(before)).toBe(`src-${before.slice(0, 16)}`);
  });

  it("refuses COPY sources it cannot hash exactly (wildcards)", () => {
    const { write, hash } = fixture();
    write("app/Dockerfile", "FROM node\nCOPY *.json ./\n");
    expect(hash).toThrow(/COPY source "\*\.json".*wildcard/);
  });
});

describe("image promoted by digest (prod)", () => {
  const devImage = (hex: string) => `acrdev.azurecr.io/durable-app@${digestOf(hex)}`;
  const outputs = (prod?: Record<string, unknown>) =>
    new AzureMocks({ stackOutputs: { [devStack]: { imageRef: devImage("c"), registryId: devRegistryId }, [prodStack]: prod ?? {} } });

  it("prod never builds: the promotion imports the pinned digest from dev's registry, named by its resource id", async () => {
    const run = await runProgram({ stack: "prod", config: { image: { promoteFrom: devStack, digest: digestOf("e") } }, mocks: outputs() });
    expect(ofType(run, buildType)).toEqual([]);
    const references = ofType(run, "pulumi:pulumi:StackReference")
      .map((reference) => reference.inputs.name)
      .sort();
    expect(references).toEqual([devStack, prodStack]);
    const command = importOf(run);
    expect(command.create).toMatch(/az acr import .*--registry "\$SOURCE_REGISTRY_ID" --source "\$SOURCE_IMAGE"/);
    expect(command.environment).toMatchObject({
      SOURCE_REGISTRY_ID: devRegistryId,
      SOURCE_IMAGE: `durable-app@${digestOf("e")}`,
      TARGET_TAG: "durable-app:promoted-eeeeeeeeeeee",
    });
    expect(command.environment.SOURCE_IMAGE).not.toContain("azurecr.io");
    expect(run.outputs.imageRef).toBe(`${String(run.outputs.registryLoginServer)}/durable-app@${digestOf("e")}`);
  });

  it("the import signs the CLI in again from the token file, in its own config directory, then imports by registry id", async () => {
    const run = await runProgram({ stack: "prod", config: { image: { promoteFrom: devStack, digest: digestOf("e") } }, mocks: outputs() });
    const { create, environment } = importOf(run);
    const bin = mkdtempSync(join(tmpdir(), "fake-az-"));
    const log = join(bin, "calls.log");
    writeFileSync(join(bin, "az"), `#!/bin/sh\necho "AZURE_CONFIG_DIR=$AZURE_CONFIG_DIR $*" >> "${log}"\n`, { mode: 0o755 });
    const tokenFile = join(bin, "federated-token");
    writeFileSync(tokenFile, "fresh-github-token");
    const ci = { AZURE_FEDERATED_TOKEN_FILE: tokenFile, AZURE_CLIENT_ID: "client-id", AZURE_TENANT_ID: "tenant-id" };
    execFileSync("/bin/sh", ["-c", create], { env: { PATH: `${bin}:${process.env.PATH}`, ...environment, ...ci } });
    const [login, importCall] = readFileSync(log, "utf8").trim().split("\n");
    const configDir = /^AZURE_CONFIG_DIR=(\S+) /.exec(login!)![1]!;
    expect(configDir).not.toBe("");
    expect(login).toContain("login --service-principal --username client-id --tenant tenant-id --federated-token fresh-github-token");
    expect(importCall).toBe(
      `AZURE_CONFIG_DIR=${configDir} acr import --subscription ${run.mocks.subscriptionId} --resource-group ${String(run.outputs.resourceGroupName)} ` +
        `--name ${String(run.outputs.registryName)} --registry ${devRegistryId} --source durable-app@${digestOf("e")} --image durable-app:promoted-eeeeeeeeeeee --force`,
    );
    expect(existsSync(configDir)).toBe(false);

    rmSync(log);
    execFileSync("/bin/sh", ["-c", create], { env: { PATH: `${bin}:${process.env.PATH}`, ...environment } });
    expect(readFileSync(log, "utf8")).toMatch(/^AZURE_CONFIG_DIR= acr import /);
  });

  it("without image.digest keeps the digest prod already runs (its own last imageRef), whatever dev runs now", async () => {
    const running = `acrprod.azurecr.io/durable-app@${digestOf("a")}`;
    const run = await runProgram({ stack: "prod", mocks: outputs({ imageRef: running }) });
    expect(run.settings.image).toMatchObject({ kind: "promote", digest: undefined });
    expect(run.outputs.imageRef).toBe(`${String(run.outputs.registryLoginServer)}/durable-app@${digestOf("a")}`);
    expect(importOf(run).environment.SOURCE_IMAGE).toBe(`durable-app@${digestOf("a")}`);
  });

  it("the first promotion needs image.digest: a stack that runs no image yet, without a digest, fails naming the key", () => {
    // The program applies this to its own StackReference's imageRef (undefined before the first update).
    expect(() => promotedDigest(undefined, undefined)).toThrow(/image\.digest is not set and this stack runs no image yet/);
    expect(promotedDigest(undefined, `acrprod.azurecr.io/durable-app@${digestOf("a")}`)).toBe(digestOf("a"));
    expect(promotedDigest(digestOf("e"), `acrprod.azurecr.io/durable-app@${digestOf("a")}`)).toBe(digestOf("e"));
    expect(() => promotedDigest(undefined, "acrprod.azurecr.io/durable-app:latest")).toThrow(/not pinned by digest/);
  });

  it("exports the registry id a promoting stack imports from", async () => {
    const run = await programRun("dev");
    expect(String(run.outputs.registryId)).toMatch(/\/providers\/Microsoft\.ContainerRegistry\/registries\/[a-z0-9]+$/i);
  });

  it("promotes only a digest: the same digest lands in this stack's registry, a tag is refused", () => {
    const digest = digestOf("b");
    expect(promotion(`acrdev.azurecr.io/durable-app@${digest}`, "acrprod.azurecr.io")).toEqual({
      sourceImage: `durable-app@${digest}`,
      importTag: "durable-app:promoted-bbbbbbbbbbbb",
      imageRef: `acrprod.azurecr.io/durable-app@${digest}`,
    });
    expect(() => promotion("acrdev.azurecr.io/durable-app:latest", "acrprod.azurecr.io")).toThrow(/not pinned by digest/);
  });

  it("parses only digest references", () => {
    expect(parseDigestRef(`r.azurecr.io/app@${digestOf("a")}`)).toEqual({
      registry: "r.azurecr.io",
      repository: "app",
      digest: digestOf("a"),
    });
    for (const bad of ["r.azurecr.io/app:1.0", "r.azurecr.io/app:latest", "app@sha256:abc", `r.azurecr.io/app@sha256:${"g".repeat(64)}`]) {
      expect(() => parseDigestRef(bad)).toThrow(/not pinned by digest/);
    }
  });
});

describe("base image and deployments", () => {
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
