// The orchestration version travels in the image (host.json) and compares the way DurableTask.Core compares it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { OrchestrationContext } from "durable-functions";
import { describe, expect, it } from "vitest";
import {
  compareOrchestrationVersions,
  currentOrchestrationVersion,
  parseOrchestrationVersion,
  startedAtOrAfter,
} from "../../../app/src/versioning/orchestrationVersion";

const hostJson = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "app", "host.json"), "utf8"));
const durableTask = hostJson.extensions.durableTask;

describe("host.json: the image's orchestration version", () => {
  it('sets defaultVersion as "<major>.<minor>", which System.Version parses, so the host compares it as a number', () => {
    expect(durableTask.defaultVersion).toMatch(/^(0|[1-9]\d*)\.(0|[1-9]\d*)$/);
    expect(currentOrchestrationVersion).toBe(durableTask.defaultVersion);
  });

  it("spells the strategies it relies on: newer workers run older instances, older workers leave newer ones alone", () => {
    expect(durableTask.versionMatchStrategy).toBe("CurrentOrOlder");
    expect(durableTask.versionFailureStrategy).toBe("Reject");
  });

  it("asks for an extension bundle whose Durable extension knows defaultVersion (bundle 4.26.0 ships extension 3.3.x)", () => {
    const [lower] = /^\[(\d+\.\d+\.\d+),/.exec(hostJson.extensionBundle.version)?.slice(1) ?? [];
    expect(lower).toBeDefined();
    const [major, minor] = lower!.split(".").map(Number);
    expect(major).toBe(4);
    expect(minor).toBeGreaterThanOrEqual(26);
  });
});

describe("comparing versions", () => {
  it("orders the unversioned instances first, then versions as numbers (10.0 after 9.0, unlike a string comparison)", () => {
    const ordered = [undefined, "1.0", "1.1", "2.0", "9.0", "10.0"];
    for (let i = 0; i < ordered.length; i++) {
      for (let j = 0; j < ordered.length; j++) {
        expect(Math.sign(compareOrchestrationVersions(ordered[i], ordered[j])), `${ordered[i]} vs ${ordered[j]}`).toBe(Math.sign(i - j));
      }
    }
  });

  it('treats "", null and a missing version alike: instances started before the app had a version', () => {
    expect(parseOrchestrationVersion("")).toBe("unversioned");
    expect(parseOrchestrationVersion(null)).toBe("unversioned");
    expect(parseOrchestrationVersion(undefined)).toBe("unversioned");
    expect(compareOrchestrationVersions("", null)).toBe(0);
  });

  it.each(["1", "v1.0", "1.0.0", "01.0", "1.-1"])("refuses %j: not a version this app issues", (text) => {
    expect(() => parseOrchestrationVersion(text)).toThrow(/Unsupported orchestration version/);
  });

  it("startedAtOrAfter reads the instance's version from the orchestration context", () => {
    const started = (version: string | undefined) => ({ df: { version } }) as unknown as OrchestrationContext;
    expect(startedAtOrAfter(started("1.0"), "1.0")).toBe(true);
    expect(startedAtOrAfter(started("2.0"), "1.0")).toBe(true);
    expect(startedAtOrAfter(started(undefined), "1.0")).toBe(false);
    expect(startedAtOrAfter(started(""), "1.0")).toBe(false);
  });
});
