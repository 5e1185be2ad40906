import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { withoutAksOnlyKeys } from "../../infra/config/hostingKeys";
import { secretConfigKeys } from "../../infra/config/schema";

/** The repository root: Pulumi.yaml and the stack files live here. */
export const repositoryRoot = path.resolve(__dirname, "..", "..");

/** The `name` in the Pulumi.yaml of `folder` (default: the main program at the repository root). */
export function projectName(folder = repositoryRoot): string {
  const project = parse(readFileSync(path.join(folder, "Pulumi.yaml"), "utf8")) as { name: string };
  return project.name;
}

export interface ConfigForRuntime {
  /** `<namespace>:<key>` to the string Pulumi would hand the program (structured values as JSON). */
  values: Record<string, string>;
  secretKeys: string[];
  /** The stack file's AKS-only keys left out because the overrides switched hosting to appService. */
  removedForHosting: string[];
  /** Required secrets the stack file lacks, filled with placeholders (`<namespace>:<key>`). */
  placeholderSecrets: string[];
}

type ConfigMap = Record<string, unknown>;

const isPlainObject = (value: unknown): value is ConfigMap => typeof value === "object" && value !== null && !Array.isArray(value);
const isSecure = (value: unknown): value is { secure: string } =>
  isPlainObject(value) && typeof value.secure === "string" && Object.keys(value).length === 1;

/** `overrides` wins; objects merge key by key, arrays and scalars replace, and `undefined` removes the key. */
function deepMerge(base: ConfigMap, overrides: ConfigMap): ConfigMap {
  const merged: ConfigMap = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete merged[key];
    else if (isPlainObject(value) && isPlainObject(merged[key]) && !isSecure(value))
      merged[key] = deepMerge(merged[key] as ConfigMap, value);
    else merged[key] = value;
  }
  return merged;
}

/** `app.minReplicas` or `aks.zones[0]` as path segments; a `<namespace>:` prefix stays with the first segment. */
function pathSegments(key: string): Array<string | number> {
  const segments: Array<string | number> = [];
  for (const part of key.split(".")) {
    const match = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!match) throw new Error(`--set: "${key}" is not a config path such as app.minReplicas or aks.zones[0]`);
    segments.push(match[1]!, ...[...match[2]!.matchAll(/\[(\d+)\]/g)].map((index) => Number(index[1])));
  }
  return segments;
}

/**
 * Sets `value` at a dotted path (`pulumi config set --path` syntax) in `target`, creating objects and arrays on the
 * way; what deepMerge later merges into the stack file, so siblings in the stack file are kept.
 */
export function setAtPath(target: ConfigMap, key: string, value: unknown): void {
  const segments = pathSegments(key);
  let node: any = target;
  segments.forEach((segment, index) => {
    if (index === segments.length - 1) {
      node[segment] = value;
      return;
    }
    node[segment] ??= typeof segments[index + 1] === "number" ? [] : {};
    node = node[segment];
  });
}

const placeholderFor = (key: string) => `offline-placeholder-for-${key.replace(/^.*:/, "")}`;

/** `pulumi config set --secret --path a.b`: the object keeps its shape, each `secure:` leaf becomes a placeholder. */
function withPlaceholders(value: unknown, path: string): { value: unknown; secure: boolean } {
  // The only nested secret (secretConfigPaths) is a URL: its placeholder must pass the same rule.
  if (isSecure(value)) return { value: `https://offline-placeholder.invalid/${path.replace(/^.*:/, "")}`, secure: true };
  if (!isPlainObject(value)) return { value, secure: false };
  const entries = Object.entries(value).map(([key, inner]) => [key, withPlaceholders(inner, `${path}.${key}`)] as const);
  return {
    value: Object.fromEntries(entries.map(([key, inner]) => [key, inner.value])),
    secure: entries.some(([, inner]) => inner.secure),
  };
}

/**
 * The config Pulumi would pass for `stack`: the stack file's `config:` map, overrides merged in (keys without a namespace
 * belong to the project), `secure:` values replaced by placeholders marked secret, and required secrets that are
 * missing (and that the overrides do not mention) filled in the same way, as `pulumi config set --secret` would have.
 */
export function configForRuntime(options: {
  project: string;
  stack: string;
  configFile?: string;
  overrides?: ConfigMap;
  /** Defaults to the main program's secret keys. */
  requiredSecretKeys?: readonly string[];
}): ConfigForRuntime {
  const file = options.configFile ?? path.join(repositoryRoot, `Pulumi.${options.stack}.yaml`);
  const stackFile = (parse(readFileSync(file, "utf8")) ?? {}) as { config?: ConfigMap };
  const qualify = (key: string) => (key.includes(":") ? key : `${options.project}:${key}`);
  const overrides = Object.fromEntries(Object.entries(options.overrides ?? {}).map(([key, value]) => [qualify(key), value]));
  const { config: fileConfig, removed: removedForHosting } = switchedHosting(stackFile.config ?? {}, overrides, options.project);
  const merged = deepMerge(fileConfig, overrides);

  const placeholderSecrets: string[] = [];
  for (const key of (options.requiredSecretKeys ?? secretConfigKeys).map(qualify)) {
    if (!(key in merged) && !(key in overrides)) {
      merged[key] = { secure: "placeholder" };
      placeholderSecrets.push(key);
    }
  }

  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(merged)) {
    const nested = isPlainObject(value) && !isSecure(value) ? withPlaceholders(value, key) : undefined;
    if (isSecure(value)) {
      values[key] = placeholderFor(key);
      secretKeys.push(key);
    } else if (nested?.secure) {
      // Pulumi marks the whole object secret when any leaf is (NewSecureObjectValue, pulumi/pulumi sdk/go/common/resource/config/value.go).
      values[key] = JSON.stringify(nested.value);
      secretKeys.push(key);
    } else {
      values[key] =
        typeof value === "string" ? value : isPlainObject(value) || Array.isArray(value) ? JSON.stringify(value) : String(value);
    }
  }
  return { values, secretKeys, removedForHosting, placeholderSecrets };
}

/**
 * `--set hosting=appService` on a stack file written for AKS: the file's AKS-only keys (which config refuses with App
 * Service) are left out, unless the overrides set them too. Returns the file's config to merge and what was left out.
 */
function switchedHosting(fileConfig: ConfigMap, overrides: ConfigMap, project: string): { config: ConfigMap; removed: string[] } {
  const hostingKey = `${project}:hosting`;
  if (overrides[hostingKey] !== "appService" || fileConfig[hostingKey] === "appService") return { config: fileConfig, removed: [] };
  const prefix = `${project}:`;
  const projectKeys = Object.fromEntries(
    Object.entries(fileConfig)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value]),
  );
  const { config, removed } = withoutAksOnlyKeys(projectKeys);
  const others = Object.fromEntries(Object.entries(fileConfig).filter(([key]) => !key.startsWith(prefix)));
  return {
    config: { ...others, ...Object.fromEntries(Object.entries(config).map(([key, value]) => [`${prefix}${key}`, value])) },
    removed,
  };
}
