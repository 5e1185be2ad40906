import type { OrchestrationContext, OrchestrationHandler, Task } from "durable-functions";
import { functionNames } from "../contract/functionNames";
import { fieldsOf, inputOrThrow, parsed, rejected, type Parsed } from "./inputParsing";

export interface FanOutInput {
  readonly words: readonly string[];
}

export interface FanOutResult {
  readonly words: number;
  readonly totalLength: number;
  readonly longest: string;
}

export const maxWords = 100;
/** Activities in flight at once: the history grows by one batch per step instead of all words at once. */
export const fanOutBatchSize = 10;

export function parseFanOutInput(body: unknown): Parsed<FanOutInput> {
  const words = fieldsOf(body)?.words;
  const valid =
    Array.isArray(words) &&
    words.length >= 1 &&
    words.length <= maxWords &&
    words.every((word) => typeof word === "string" && word.length >= 1 && word.length <= 100);
  return valid
    ? parsed({ words: words as string[] })
    : rejected(`'words' must be 1 to ${maxWords} non-empty strings of at most 100 characters.`);
}

/** The unit of parallel work: one word's length. */
export function measureWord(input: unknown): number {
  return typeof input === "string" ? [...input].length : 0;
}

/** Fan-out/fan-in: measure every word in parallel batches, then aggregate. */
export const fanOutFanInOrchestrator: OrchestrationHandler = function* (context: OrchestrationContext) {
  const { words } = inputOrThrow(parseFanOutInput(context.df.getInput()));
  const lengths: number[] = [];
  for (let offset = 0; offset < words.length; offset += fanOutBatchSize) {
    const batch: Task[] = words
      .slice(offset, offset + fanOutBatchSize)
      .map((word) => context.df.callActivity(functionNames.measureWord, word));
    const batchLengths: number[] = yield context.df.Task.all(batch);
    lengths.push(...batchLengths);
  }
  let longestIndex = 0;
  lengths.forEach((length, index) => {
    if (length > (lengths[longestIndex] ?? 0)) longestIndex = index;
  });
  const result: FanOutResult = {
    words: words.length,
    totalLength: lengths.reduce((sum, length) => sum + length, 0),
    longest: words[longestIndex] ?? "",
  };
  return result;
};
