import type { JWTPayload } from "jose" with { "resolution-mode": "import" };
import { apiScope, approverRole } from "../contract/signInNames";
import type { ApprovalActor } from "../patterns/approval";

export { apiScope, approverRole };

/** Who called, from a validated token: never from the request body. */
export interface Caller {
  /** The object id (`oid`) of the person or the program's service principal. */
  readonly id: string;
  readonly name?: string;
  /** App roles (`roles`): assigned to the person, a group of theirs, or the program. */
  readonly roles: readonly string[];
  /** Delegated scopes (`scp`): present only in a token a person signed in for, never in a program's own (app-only) token. */
  readonly scopes: readonly string[];
}

const text = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value : undefined);
const texts = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);

/**
 * The caller a token's claims name, or undefined for what is not an access token of a caller: no object id (Entra puts
 * `oid` in every access token), or no `azp` (every v2 access token names its client application; a v2 ID token of the
 * same application, with the same issuer, keys and audience, does not: MicrosoftDocs/entra-docs
 * identity-platform/access-token-claims-reference.md and id-token-claims-reference.md).
 */
export function callerOf(claims: JWTPayload): Caller | undefined {
  const id = text(claims.oid);
  if (id === undefined || text(claims.azp) === undefined) return undefined;
  // People have `name` (profile scope) and `preferred_username`; app-only tokens have neither.
  const name = text(claims.name) ?? text(claims.preferred_username);
  return { id, ...(name ? { name } : {}), roles: texts(claims.roles), scopes: (text(claims.scp) ?? "").split(" ").filter(Boolean) };
}

/** A person holding the approver role, in a delegated token for the API's scope (so neither a program nor an ID token). */
export const isApprover = (caller: Caller) => caller.roles.includes(approverRole) && caller.scopes.includes(apiScope);

export const actorOf = (caller: Caller): ApprovalActor => ({ id: caller.id, ...(caller.name ? { name: caller.name } : {}) });
