// Calendar days as the audit table keys them: `yyyy-mm-dd` strings, which sort like the days they name.

const millisecondsPerDay = 86_400_000;
const dayFirstPattern = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const isoPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtcMilliseconds(year: number, month: number, day: number): number {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

function fromUtcMilliseconds(milliseconds: number): string {
  const date = new Date(milliseconds);
  const year = String(date.getUTCFullYear()).padStart(4, "0");
  const month = String(date.getUTCMonth() + 1).padStart(2, "0");
  const day = String(date.getUTCDate()).padStart(2, "0");
  return `${year}-${month}-${day}`;
}

function isoDayIfReal(year: number, month: number, day: number): string | undefined {
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const iso = fromUtcMilliseconds(toUtcMilliseconds(year, month, day));
  // A day that does not exist (31/04, 29/02 in a common year) rolls over into the next month.
  return iso === `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}` ? iso : undefined;
}

/**
 * Parses a day written day-first (`dd/mm/yyyy`, as the original service's clients send it; one-digit day and month allowed)
 * or as ISO `yyyy-mm-dd`. Returns the ISO form, or undefined for anything else, including days that do not exist.
 */
export function parseCalendarDay(text: string): string | undefined {
  const trimmed = text.trim();
  const dayFirst = dayFirstPattern.exec(trimmed);
  if (dayFirst) return isoDayIfReal(Number(dayFirst[3]), Number(dayFirst[2]), Number(dayFirst[1]));
  const iso = isoPattern.exec(trimmed);
  if (iso) return isoDayIfReal(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  return undefined;
}

/** True for a real day written exactly as `yyyy-mm-dd`. */
export function isIsoDay(text: string): boolean {
  return isoPattern.test(text) && parseCalendarDay(text) === text;
}

function isoToMilliseconds(isoDay: string): number {
  const [year, month, day] = isoDay.split("-").map(Number) as [number, number, number];
  return toUtcMilliseconds(year, month, day);
}

/** Whole days from `start` to `end` (negative when end comes first). Both are ISO days. */
export function daysBetween(start: string, end: string): number {
  return Math.round((isoToMilliseconds(end) - isoToMilliseconds(start)) / millisecondsPerDay);
}

export function addDays(isoDay: string, days: number): string {
  return fromUtcMilliseconds(isoToMilliseconds(isoDay) + days * millisecondsPerDay);
}
