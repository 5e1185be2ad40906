import type { OrchestrationContext, OrchestrationHandler } from "durable-functions";
import { functionNames } from "../contract/functionNames";
import { fieldsOf, inputOrThrow, parsed, rejected, textField, type Parsed } from "./inputParsing";

export interface ChainingInput {
  readonly text: string;
}

export function parseChainingInput(body: unknown): Parsed<ChainingInput> {
  const fields = fieldsOf(body);
  if (fields === undefined) return rejected("The body must be a JSON object.");
  const text = textField(fields, "text", 200);
  return text.ok ? parsed({ text: text.value }) : text;
}

const asText = (input: unknown): string => (typeof input === "string" ? input : String(input));

/** Step 1: trim and collapse runs of whitespace. */
export function normalizeText(input: unknown): string {
  return asText(input).trim().replace(/\s+/g, " ");
}

/** Step 2: capitalize each word. */
export function titleCaseText(input: unknown): string {
  return asText(input).replace(/(^|\s)(\p{L})/gu, (_match, space: string, letter: string) => space + letter.toUpperCase());
}

export interface SignRequest {
  readonly text: string;
  /** Made by the orchestrator with newGuid: the same on every replay, so a retried step can be recognized. */
  readonly receipt: string;
}

/** Step 3: stamp the text with the receipt the orchestrator issued. */
export function signText(input: unknown): string {
  const { text, receipt } = (input ?? {}) as Partial<SignRequest>;
  return `${asText(text)} (receipt ${asText(receipt)})`;
}

/** Function chaining: each activity gets the previous one's output. */
export const chainingOrchestrator: OrchestrationHandler = function* (context: OrchestrationContext) {
  const { text } = inputOrThrow(parseChainingInput(context.df.getInput()));
  const normalized: string = yield context.df.callActivity(functionNames.chainNormalizeText, text);
  const titled: string = yield context.df.callActivity(functionNames.chainTitleCaseText, normalized);
  const request: SignRequest = { text: titled, receipt: context.df.newGuid(context.df.instanceId) };
  const signed: string = yield context.df.callActivity(functionNames.chainSignText, request);
  return signed;
};
