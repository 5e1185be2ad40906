import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import * as df from "durable-functions";
import { functionNames } from "../contract/functionNames";
import type { EntityClient } from "./durableClientParts";
import { jsonResponse, errorResponse } from "./responses";

const counterKeyPattern = /^[A-Za-z0-9_-]{1,64}$/;
/** Additions beyond this are refused: the total stays an exactly representable integer for a long time. */
const maxAddition = 1_000_000_000;

export const counterErrors = {
  invalidKey: "The counter key must be 1-64 letters, digits, '-' or '_'.",
  invalidOperation: "The operation must be 'add' or 'reset'.",
  invalidValue: `'value' must be a whole number from -${maxAddition} to ${maxAddition}.`,
  notFound: "Counter not found.",
} as const;

function counterId(request: HttpRequest): df.EntityId | undefined {
  const key = request.params.key;
  return key !== undefined && counterKeyPattern.test(key) ? new df.EntityId(functionNames.counterEntity, key) : undefined;
}

/** POST /api/counters/{key}/add?value=<n> and POST /api/counters/{key}/reset: one-way signals to the entity. */
export async function signalCounter(request: HttpRequest, client: EntityClient, _context: InvocationContext): Promise<HttpResponseInit> {
  const entityId = counterId(request);
  if (entityId === undefined) return errorResponse(400, counterErrors.invalidKey);
  const operation = request.params.operation;
  if (operation === "reset") {
    await client.signalEntity(entityId, "reset");
    return jsonResponse(202, { key: entityId.key, operation });
  }
  if (operation !== "add") return errorResponse(400, counterErrors.invalidOperation);
  const raw = request.query.get("value") ?? "1";
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || Math.abs(value) > maxAddition) return errorResponse(400, counterErrors.invalidValue);
  await client.signalEntity(entityId, "add", value);
  return jsonResponse(202, { key: entityId.key, operation, value });
}

/** GET /api/counters/{key}: the entity's current value. */
export async function readCounter(request: HttpRequest, client: EntityClient, _context: InvocationContext): Promise<HttpResponseInit> {
  const entityId = counterId(request);
  if (entityId === undefined) return errorResponse(400, counterErrors.invalidKey);
  const state = await client.readEntityState<number>(entityId);
  if (!state.entityExists) return errorResponse(404, counterErrors.notFound);
  return jsonResponse(200, { key: entityId.key, value: state.entityState ?? 0 });
}
