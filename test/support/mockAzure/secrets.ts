import * as pulumi from "@pulumi/pulumi";

// How a secret input reaches a mock: an envelope `{ [specialSigKey]: specialSecretSig, value }`.
// Pulumi lifts secretness to the enclosing object or array, so a secret leaf may show up as a secret parent.

export interface SecretEnvelope {
  [pulumi.runtime.specialSigKey]: typeof pulumi.runtime.specialSecretSig;
  value: unknown;
}

export function isSecretEnvelope(value: unknown): value is SecretEnvelope {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig
  );
}

/** The value with every secret envelope replaced by what it wraps. */
export function unwrapSecrets(value: unknown): any {
  if (isSecretEnvelope(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, unwrapSecrets(inner)]));
  }
  return value;
}

/** True when the value at the dotted `path` (e.g. `properties.value`) is secret itself or sits inside a secret. */
export function isSecretAt(root: unknown, path: string): boolean {
  let current = root;
  for (const key of path.split(".")) {
    if (isSecretEnvelope(current)) return true;
    if (typeof current !== "object" || current === null) return false;
    current = (current as Record<string, unknown>)[key];
  }
  return isSecretEnvelope(current);
}

export const redacted = "[secret]";

/**
 * The value with every secret leaf replaced by `[secret]`: what a log or a rendered manifest may show. Keys stay, so a
 * redacted Kubernetes Secret still has the shape its schema asks for.
 */
export function redactSecrets(value: unknown, insideSecret = false): any {
  if (isSecretEnvelope(value)) return redactSecrets(value.value, true);
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, insideSecret));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactSecrets(inner, insideSecret)]));
  }
  return insideSecret ? redacted : value;
}
