// The app's one orchestration version. The image carries it in host.json's durableTask.defaultVersion, so a digest
// always starts its instances with its own version and a rollback brings the older version back with the older image.
import type { OrchestrationContext } from "durable-functions";
import { hostJson } from "../contract/hostJson";
import { hostSettingNames } from "../contract/settingNames";
import { optionalSetting, type Environment } from "../settings";

/**
 * "<major>.<minor>": two parts, so System.Version parses it and DurableTask.Core compares versions as numbers
 * (Azure/durabletask src/DurableTask.Core/Settings/VersioningSettings.cs, CompareVersions; a one-part "2" does not
 * parse and falls back to a string comparison, where "10" sorts before "9").
 */
const versionPattern = /^(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** A version this app can compare: the instances started before versioning, or "<major>.<minor>". */
export type OrchestrationVersion = "unversioned" | readonly [major: number, minor: number];

/**
 * Instances started before the app had a version carry "" (the extension's own default before defaultVersion
 * existed) or none at all (a host.json without defaultVersion): both are the oldest version.
 */
export function parseOrchestrationVersion(text: string | null | undefined): OrchestrationVersion {
  if (text === undefined || text === null || text.trim() === "") return "unversioned";
  const match = versionPattern.exec(text);
  if (!match) throw new Error(`Unsupported orchestration version '${text}': this app uses "<major>.<minor>" versions.`);
  return [Number(match[1]), Number(match[2])];
}

/** Negative, zero or positive as `a` is older than, equal to or newer than `b`; unversioned is older than any version. */
export function compareOrchestrationVersions(a: string | null | undefined, b: string | null | undefined): number {
  const left = parseOrchestrationVersion(a);
  const right = parseOrchestrationVersion(b);
  if (left === "unversioned" || right === "unversioned") return (left === "unversioned" ? 0 : 1) - (right === "unversioned" ? 0 : 1);
  return left[0] - right[0] || left[1] - right[1];
}

/** The version new instances get from this image (host.json durableTask.defaultVersion). */
export const currentOrchestrationVersion: string = hostJson.extensions.durableTask.defaultVersion;

/**
 * The version this worker runs instances up to (versionMatchStrategy CurrentOrOlder): host.json's, unless the
 * emergency override setting replaces it, which changes the version the host accepts as well.
 */
export function workerOrchestrationVersion(env: Environment): string {
  return optionalSetting(env, hostSettingNames.orchestrationVersionOverride) ?? currentOrchestrationVersion;
}

/**
 * True when the instance was started by `version` or a newer one. Orchestrators branch on this and keep the branch of
 * every older version they may still replay, the unversioned one included.
 */
export function startedAtOrAfter(context: OrchestrationContext, version: string): boolean {
  return compareOrchestrationVersions(context.df.version, version) >= 0;
}
