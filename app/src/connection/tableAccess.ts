/**
 * How the resolved connection value lets the app reach the table service:
 * - `sharedKeyOrSas`: a connection string with AccountKey, SharedAccessSignature or UseDevelopmentStorage (Azurite);
 * - `sasUrl`: a table service URL with a SAS query;
 * - `identity`: only names the service (`TableEndpoint=https://<account>.table.core.windows.net/`, the bare URL, or an
 *   account name without a key): the app authenticates with its own identity (a TokenCredential).
 */
export type TableAccess =
  | { readonly kind: "sharedKeyOrSas"; readonly connectionString: string }
  | { readonly kind: "sasUrl"; readonly url: string }
  | { readonly kind: "identity"; readonly endpoint: string };

const credentialParts = ["accountkey", "sharedaccesssignature", "usedevelopmentstorage"];

function connectionStringParts(value: string): Map<string, string> {
  const parts = new Map<string, string>();
  for (const part of value.split(";")) {
    const separator = part.indexOf("=");
    if (separator > 0) parts.set(part.slice(0, separator).trim().toLowerCase(), part.slice(separator + 1).trim());
  }
  return parts;
}

function accountEndpoint(parts: Map<string, string>): string | undefined {
  const account = parts.get("accountname");
  if (!account) return undefined;
  return `${parts.get("defaultendpointsprotocol") ?? "https"}://${account}.table.${parts.get("endpointsuffix") ?? "core.windows.net"}/`;
}

/** Classifies a resolved value; undefined when it names no table service at all. */
export function tableAccessFor(value: string): TableAccess | undefined {
  if (/^https?:\/\//i.test(value))
    return URL.canParse(value) && new URL(value).search ? { kind: "sasUrl", url: value } : { kind: "identity", endpoint: value };
  const parts = connectionStringParts(value);
  if (credentialParts.some((part) => parts.has(part))) return { kind: "sharedKeyOrSas", connectionString: value };
  const endpoint = parts.get("tableendpoint") || accountEndpoint(parts);
  return endpoint ? { kind: "identity", endpoint } : undefined;
}
