import { unwrapSecrets } from "./mockAzure/secrets";

/** True when `needle` appears anywhere in the (unwrapped) value: used to prove a secret did not leak somewhere. */
export function containsSecretValue(haystack: unknown, needle: string): boolean {
  return needle.length > 0 && JSON.stringify(unwrapSecrets(haystack)).includes(needle);
}
