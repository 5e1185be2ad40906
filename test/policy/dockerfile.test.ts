import { describe, expect, it } from "vitest";
import { builtBaseImage } from "../../policy/lib/dockerfile";

const noArgs = new Map<string, string>();

describe("builtBaseImage", () => {
  it("reads the last stage, past comments, platform flags and line continuations", () => {
    const dockerfile = [
      "# syntax=docker/dockerfile:1",
      "FROM node:22 AS build",
      "RUN npm ci \\",
      "  && npm run build",
      "FROM --platform=linux/amd64 \\",
      "  mcr.microsoft.com/azure-functions/node:4-node22 AS runtime",
    ].join("\n");
    expect(builtBaseImage(dockerfile, noArgs)).toBe("mcr.microsoft.com/azure-functions/node:4-node22");
  });

  it("follows a stage built on an earlier stage back to its base", () => {
    const dockerfile = "FROM mcr.microsoft.com/azure-functions/node:4-node22 AS Base\nFROM base AS final\n";
    expect(builtBaseImage(dockerfile, noArgs)).toBe("mcr.microsoft.com/azure-functions/node:4-node22");
  });

  it("expands global ARGs: build args first, then the declared default, then ${VAR:-fallback}", () => {
    const dockerfile = "ARG REGISTRY=mcr.microsoft.com\nARG TAG\nFROM ${REGISTRY}/azure-functions/node:${TAG:-4-node22}\n";
    expect(builtBaseImage(dockerfile, noArgs)).toBe("mcr.microsoft.com/azure-functions/node:4-node22");
    expect(
      builtBaseImage(
        dockerfile,
        new Map([
          ["REGISTRY", "docker.io"],
          ["TAG", "4-node20"],
        ]),
      ),
    ).toBe("docker.io/azure-functions/node:4-node20");
  });

  it("reads the target stage when one is built, and nothing when there is no FROM", () => {
    expect(builtBaseImage("FROM node:22 AS build\nFROM mcr.microsoft.com/azure-functions/node:4-node22\n", noArgs, "BUILD")).toBe(
      "node:22",
    );
    expect(builtBaseImage("RUN echo\n", noArgs)).toBeUndefined();
  });
});
