import { daysBetween, isIsoDay, parseCalendarDay } from "./calendarDay";

/** An inclusive range of ISO days: the input of the query orchestration and of its activity. */
export interface QueryRange {
  readonly start: string;
  readonly end: string;
}

export type RangeValidation = { readonly ok: true; readonly range: QueryRange } | { readonly ok: false; readonly error: string };

/** The original service's client-facing messages, word for word. */
export const rangeErrors = {
  emptyStart: "Empty start date.",
  invalidStart: "Invalid start date format.",
  emptyEnd: "Empty end date.",
  invalidEnd: "Invalid end date format.",
  invalidRange: "Invalid date range.",
} as const;

/** The range is longer than the configured maximum (QueryMaxRangeDays): it would be a scan of that many partitions. */
export const rangeTooLongError = (maxRangeDays: number) => `Date range too long: at most ${maxRangeDays} days.`;

type DateCheck = { readonly day: string } | { readonly error: string };

function checkDate(text: string | null | undefined, emptyError: string, invalidError: string): DateCheck {
  if (!text || text.trim() === "") return { error: emptyError };
  const day = parseCalendarDay(text);
  return day === undefined ? { error: invalidError } : { day };
}

/**
 * Validates the submit endpoint's `s` and `e` in the original service's order: start (empty, then format), end, then the range,
 * which must span at least one whole day and at most `maxRangeDays` days (both ends included).
 */
export function validateSubmittedRange(
  start: string | null | undefined,
  end: string | null | undefined,
  maxRangeDays: number,
): RangeValidation {
  const startCheck = checkDate(start, rangeErrors.emptyStart, rangeErrors.invalidStart);
  if ("error" in startCheck) return { ok: false, error: startCheck.error };
  const endCheck = checkDate(end, rangeErrors.emptyEnd, rangeErrors.invalidEnd);
  if ("error" in endCheck) return { ok: false, error: endCheck.error };
  const days = daysBetween(startCheck.day, endCheck.day);
  if (days < 1) return { ok: false, error: rangeErrors.invalidRange };
  if (days + 1 > maxRangeDays) return { ok: false, error: rangeTooLongError(maxRangeDays) };
  return { ok: true, range: { start: startCheck.day, end: endCheck.day } };
}

/**
 * Checks the orchestration and activity input: ISO days, start not after end. A single day is valid here
 * (the HTTP API asks for more, the activity does not need to).
 */
export function parseQueryRange(input: unknown): QueryRange | undefined {
  if (typeof input !== "object" || input === null) return undefined;
  const { start, end } = input as Record<string, unknown>;
  if (typeof start !== "string" || typeof end !== "string") return undefined;
  if (!isIsoDay(start) || !isIsoDay(end) || start > end) return undefined;
  return { start, end };
}
