// Static checks of the image recipe: no Docker engine here, so the Dockerfile, the build context rules and the
// compose file are read and checked against the contract the infrastructure and Kubernetes depend on.
import dockerignore from "@balena/dockerignore";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { appServiceWritablePaths, hostWritablePaths, runtimeUser } from "../../app/src/contract/hostPaths";
import { appSettingNames, containerPort, hostSettingNames } from "../../app/src/contract/settingNames";
import { contextCopySources, readDockerfile, stageEnvironment } from "../support/dockerfile";

const root = join(__dirname, "..", "..");
const dockerfile = readDockerfile(join(root, "app", "Dockerfile"));
const [buildStage, finalStage] = dockerfile.stages;
const contextRules = dockerignore().add(readFileSync(join(root, ".dockerignore"), "utf8"));
const rootPackage = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { devDependencies: Record<string, string> };

/** Too big to walk; the tests below check that the rules keep them out. */
const unwalked = new Set(["node_modules", ".git"]);

/** Every file in the working tree that Docker would send as the build context, by the root .dockerignore. */
function buildContext(directory = root): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    const relativePath = relative(root, path);
    if (statSync(path).isDirectory()) return unwalked.has(name) ? [] : buildContext(path);
    return contextRules.ignores(relativePath) ? [] : [relativePath];
  });
}

const pinnedByDigest = /@sha256:[a-f0-9]{64}$/;
const withoutDigest = (from: string) => from.replace(pinnedByDigest, "");

/**
 * Base images that may float, each with the reason. No digest of these tags is published in the upstream repositories
 * (Azure/azure-functions-docker, docker-library) and none can be pulled here: pin on the first machine with a registry
 * (docs/hosting.md, "The image"), remove the entry, and Dependabot's docker ecosystem moves the digest from then on.
 */
const unpinnedBaseImagesAllowed = new Map<string, string>([
  ["node:22.23.3-bookworm-slim", "build stage only; its output is the bundle, checked by the bundle tests; no digest found offline"],
  [
    "mcr.microsoft.com/azure-functions/node:4-node22",
    "no published digest found offline; pin with `docker buildx imagetools inspect` before release",
  ],
]);

describe("Dockerfile", () => {
  it("has two stages: a Node build stage and the Functions host", () => {
    expect(dockerfile.stages).toHaveLength(2);
    expect(buildStage?.alias).toBe("build");
  });

  it("builds with exactly the Node version the tests run on, and runs on the Functions v4 image for the same major", () => {
    const testNode = rootPackage.devDependencies.node;
    expect(withoutDigest(buildStage!.from)).toBe(`node:${testNode}-bookworm-slim`);
    expect(withoutDigest(finalStage!.from)).toBe(`mcr.microsoft.com/azure-functions/node:4-node${testNode?.split(".")[0]}`);
  });

  it("pins every base image by digest, unless this list allows it with a reason", () => {
    const unpinned = dockerfile.stages.map((stage) => stage.from).filter((from) => !pinnedByDigest.test(from));
    expect(unpinned.sort()).toEqual([...unpinnedBaseImagesAllowed.keys()].sort());
    expect([...unpinnedBaseImagesAllowed.values()].every((reason) => reason.length > 20)).toBe(true);
  });

  it("hands every path the host writes, on AKS and on App Service, to the runtime user and nothing else", () => {
    const user = `${runtimeUser.uid}:${runtimeUser.gid}`;
    expect(finalStage!.instructions).toContainEqual({ keyword: "USER", args: user });
    const runs = finalStage!.instructions.filter((instruction) => instruction.keyword === "RUN").map((instruction) => instruction.args);
    const chowned = runs.flatMap((run) =>
      [...run.matchAll(/chown -R (\S+) ([^&;]+)/g)].filter((match) => match[1] === user).flatMap((match) => match[2]!.trim().split(/\s+/)),
    );
    // /tmp is world-writable in the base image; everything else must be handed over explicitly.
    const needed = [...new Set([...hostWritablePaths, ...appServiceWritablePaths])].filter((path) => path !== "/tmp");
    expect(chowned.sort()).toEqual(needed.sort());
    expect(chowned.some((path) => "/home/site/wwwroot".startsWith(path))).toBe(false);
  });

  it("starts the host itself as PID 1, so SIGTERM reaches it and the drain can start", () => {
    const cmd = finalStage!.instructions.filter((instruction) => instruction.keyword === "CMD").at(-1);
    expect(JSON.parse(cmd!.args)).toEqual(["/azure-functions-host/Microsoft.Azure.WebJobs.Script.WebHost"]);
    expect(finalStage!.instructions.some((instruction) => instruction.keyword === "ENTRYPOINT")).toBe(false);
  });

  it("sets the script root and the listening port explicitly, and exposes that port", () => {
    const env = stageEnvironment(finalStage!);
    expect(env.AzureWebJobsScriptRoot).toBe("/home/site/wwwroot");
    expect(env.ASPNETCORE_URLS).toBe(`http://+:${containerPort}`);
    expect(finalStage?.instructions).toContainEqual({ keyword: "EXPOSE", args: String(containerPort) });
    expect(finalStage?.instructions).toContainEqual({ keyword: "WORKDIR", args: "/home/site/wwwroot" });
  });

  it("runs as a numeric non-root user, after the last root-only step", () => {
    const keywords = finalStage!.instructions.map((instruction) => instruction.keyword);
    const user = finalStage!.instructions.find((instruction) => instruction.keyword === "USER");
    expect(user?.args).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    expect(keywords.lastIndexOf("RUN")).toBeLessThan(keywords.indexOf("USER"));
    expect(finalStage!.instructions.find((instruction) => instruction.keyword === "RUN")?.args).toContain(`chown -R ${user?.args}`);
  });

  it("records the build number and source version", () => {
    const args = finalStage!.instructions
      .filter((instruction) => instruction.keyword === "ARG")
      .map((instruction) => instruction.args.split("=")[0]);
    expect(args).toEqual(expect.arrayContaining(["BUILD_NUMBER", "SOURCE_VERSION"]));
    expect(stageEnvironment(finalStage!)).toMatchObject({ BUILD_NUMBER: "${BUILD_NUMBER}", SOURCE_VERSION: "${SOURCE_VERSION}" });
  });

  it("ships only the bundle, host.json and package.json: no node_modules, no sources", () => {
    const copies = finalStage!.instructions.filter((instruction) => instruction.keyword === "COPY").map((instruction) => instruction.args);
    expect(copies).toEqual(["app/host.json app/package.json ./", "--from=build /src/app/dist/main.js dist/"]);
    const appPackage = JSON.parse(readFileSync(join(root, "app", "package.json"), "utf8")) as { main: string };
    expect(appPackage.main).toBe("dist/main.js");
  });

  it("installs with npm ci from the workspace lockfile", () => {
    const runs = buildStage!.instructions.filter((instruction) => instruction.keyword === "RUN").map((instruction) => instruction.args);
    expect(runs[0]).toMatch(/^npm ci --workspace app\b/);
  });
});

describe("build context (root .dockerignore)", () => {
  const context = buildContext();

  it("holds every file the Dockerfile copies", () => {
    for (const source of contextCopySources(buildStage!).concat(contextCopySources(finalStage!))) {
      const path = source.replace(/\/$/, "");
      expect(existsSync(join(root, path)), `${path} exists`).toBe(true);
      expect(
        context.some((file) => file === path || file.startsWith(`${path}/`)),
        `${path} is in the context`,
      ).toBe(true);
    }
  });

  it("holds nothing else: no infra, tests, node_modules, .git or build output", () => {
    const allowed =
      /^(package\.json|package-lock\.json|\.npmrc|tsconfig\.base\.json|app\/(package\.json|tsconfig\.json|host\.json|scripts\/bundle\.mjs|src\/.+\.ts))$/;
    expect(context.filter((file) => !allowed.test(file))).toEqual([]);
    expect(context.length).toBeGreaterThan(20);
  });

  it.each([
    "app/local.settings.json",
    "app/src/local.settings.json",
    ".env",
    ".env.production",
    "app/.env",
    "app/src/.env.local",
    "app/src/query/countActivity.test.ts",
    "test/app/http/getStatus.test.ts",
    "infra/index.ts",
    "node_modules/durable-functions/package.json",
    "app/node_modules/x/index.js",
    "app/src/node_modules/x/index.js",
    "app/dist/main.js",
    ".git/config",
    "Pulumi.dev.yaml",
  ])("keeps %s out, even if it existed", (path) => {
    expect(contextRules.ignores(path)).toBe(true);
  });
});

describe("host.json", () => {
  const host = JSON.parse(readFileSync(join(root, "app", "host.json"), "utf8"));

  it("uses the v4 extension bundle, which carries Durable Functions, from 4.26.0 on (orchestration versioning)", () => {
    expect(host.version).toBe("2.0");
    expect(host.extensionBundle).toEqual({ id: "Microsoft.Azure.Functions.ExtensionBundle", version: "[4.26.0, 5.0.0)" });
  });

  it("takes the task hub from the per-deployment setting, and fails to start without it", () => {
    expect(host.extensions.durableTask.hubName).toBe(`%${hostSettingNames.taskHubName}%`);
  });

  it("keeps the /api route prefix the routes contract uses", () => {
    expect(host.extensions.http.routePrefix).toBe("api");
  });
});

describe("local run files", () => {
  const compose = parse(readFileSync(join(root, "app", "docker-compose.yml"), "utf8"));
  const app = compose.services["functions-app"];

  it("compose: Azurite and the app share one network, and storage is reached by service name", () => {
    expect(compose.services.azurite.networks).toEqual(app.networks);
    for (const name of ["AzureWebJobsStorage", "AuditTableConnectionString"]) {
      expect(app.environment[name]).toContain("TableEndpoint=http://azurite:10002/");
      expect(app.environment[name]).not.toMatch(/localhost|127\.0\.0\.1/);
    }
  });

  it("compose: builds app/Dockerfile from the repository root and publishes the container port", () => {
    expect(app.build).toMatchObject({ context: "..", dockerfile: "app/Dockerfile" });
    expect(app.ports).toEqual([`${containerPort}:${containerPort}`]);
    expect(app.environment.WEBSITE_HOSTNAME).toBe(`localhost:${containerPort}`);
    // The image's default is function keys; the local run opts out explicitly, as the AKS hosting does.
    expect(app.environment[appSettingNames.httpAuthLevel]).toBe("anonymous");
    expect(app.environment[hostSettingNames.taskHubName]).toMatch(/^[A-Za-z][A-Za-z0-9]{2,44}$/);
  });

  it("local.settings.example.json: what `func start` needs, pointing at Azurite", () => {
    const values = JSON.parse(readFileSync(join(root, "app", "local.settings.example.json"), "utf8")).Values;
    expect(values).toMatchObject({
      FUNCTIONS_WORKER_RUNTIME: "node",
      AzureWebJobsStorage: "UseDevelopmentStorage=true",
      AuditTableConnectionString: "UseDevelopmentStorage=true",
      [appSettingNames.httpAuthLevel]: "anonymous",
    });
    expect(values[hostSettingNames.taskHubName]).toMatch(/^[A-Za-z][A-Za-z0-9]{2,44}$/);
  });
});
