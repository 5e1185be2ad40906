import { NoAnswerError, type Answer, type Request } from "./http";
import { pollUntilFinished, type Clock } from "./poll";
import type { CheckName, CheckResult } from "./result";

export interface SmokeSettings {
  /** `https://<host>/api` (or `http://localhost:<port>/api` for a local container). */
  apiBase: string;
  /** Whether the calls carry credentials (a token or a function key) or are anonymous, as on a local container. */
  authenticated: boolean;
  /** How long the app may take to answer its health route after an update (a container may still be starting). */
  readySeconds: number;
  /** How long an orchestration may take from start to Completed. */
  orchestrationSeconds: number;
  /** The small query: two ISO days (the route wants at least one whole day between them). */
  queryDays: { start: string; end: string };
  /** Digits the chaining orchestration must return, so its answer is this run's. */
  marker: string;
  /** The SOURCE_VERSION the new image reports on its health route: until it does, the previous one still answers. */
  expectSourceVersion?: string;
  /** An instance id no task hub has. */
  unknownInstanceId: string;
}

export interface CheckContext {
  request: Request;
  clock: Clock;
  settings: SmokeSettings;
  /** Ids of the instances the checks started. */
  started: string[];
}

const healthRetrySeconds = 5;
const pass = (name: CheckName, detail: string): CheckResult => ({ name, passed: true, detail });
const fail = (name: CheckName, detail: string): CheckResult => ({ name, passed: false, detail });
const shown = (answer: Answer) => `${answer.status} ${answer.text.slice(0, 200)}`.trim();

/** GET /api/health, anonymous as a probe calls it, retried until healthy (and on the expected image) or out of time. */
export async function health({ request, clock, settings }: CheckContext): Promise<CheckResult> {
  const deadline = clock.now() + settings.readySeconds * 1000;
  let last: string;
  for (;;) {
    try {
      const answer = await request(`${settings.apiBase}/health`, { authenticated: false });
      const body = answer.json as { status?: unknown; buildNumber?: unknown; sourceVersion?: unknown } | undefined;
      if (answer.status === 200 && body?.status === "healthy") {
        const running = `build ${String(body.buildNumber)}, source ${String(body.sourceVersion)}`;
        if (settings.expectSourceVersion === undefined || body.sourceVersion === settings.expectSourceVersion) {
          return pass("health", `healthy: ${running}`);
        }
        last = `healthy, but ${running} is not source ${settings.expectSourceVersion} (the previous image still answers)`;
      } else {
        last = `answered ${shown(answer)}`;
      }
    } catch (error) {
      if (!(error instanceof NoAnswerError)) throw error;
      last = error.message;
    }
    if (clock.now() + healthRetrySeconds * 1000 > deadline) return fail("health", `not healthy within ${settings.readySeconds} s: ${last}`);
    await clock.sleep(healthRetrySeconds * 1000);
  }
}

/** With credentials in use: the public entry must refuse a caller without them (401/403, or a redirect to sign in). */
export async function anonymousRefused({ request, settings }: CheckContext): Promise<CheckResult> {
  const answer = await request(`${settings.apiBase}/status/${settings.unknownInstanceId}`, { authenticated: false });
  const refused = answer.status === 401 || answer.status === 403 || (answer.status >= 300 && answer.status < 400);
  return refused
    ? pass("anonymous-refused", `a caller without credentials got ${answer.status}`)
    : fail("anonymous-refused", `a caller without credentials got ${shown(answer)}: the public entry does not require sign-in`);
}

/** GET /api/status/{id} of an id no task hub has: 404, as the app maps the Durable client's error. */
export async function unknownInstance({ request, settings }: CheckContext): Promise<CheckResult> {
  const answer = await request(`${settings.apiBase}/status/${settings.unknownInstanceId}`, { authenticated: true });
  if (answer.status === 404) return pass("unknown-instance", "an unknown instance id answered 404");
  const hint = answer.status === 401 || answer.status === 403 ? " (is the smoke identity assigned the API's access role?)" : "";
  return fail("unknown-instance", `an unknown instance id answered ${shown(answer)}${hint}`);
}

/** Starts an instance through `start`, follows the statusUri it answers with to Completed, and judges the result. */
async function startAndPoll(
  name: CheckName,
  context: CheckContext,
  start: () => Promise<Answer>,
  judge: (result: unknown) => string | undefined,
): Promise<CheckResult> {
  const { request, clock, settings } = context;
  const accepted = await start();
  const body = accepted.json as { id?: unknown; statusUri?: unknown } | undefined;
  if (accepted.status !== 202 || typeof body?.id !== "string" || typeof body.statusUri !== "string") {
    return fail(name, `the start answered ${shown(accepted)}, not 202 {id, statusUri}`);
  }
  context.started.push(body.id);
  // The token goes only where the checks were told to send it, never to a host an answer names.
  if (!body.statusUri.startsWith(`${settings.apiBase}/status/`)) {
    return fail(name, `statusUri ${body.statusUri} is not under ${settings.apiBase}/status/`);
  }
  const outcome = await pollUntilFinished(request, body.statusUri, clock.now() + settings.orchestrationSeconds * 1000, clock);
  if (outcome.kind === "badAnswer") return fail(name, `${body.id}: ${outcome.detail}`);
  if (outcome.kind === "timedOut") {
    return fail(name, `${body.id} was still ${outcome.lastStatus} after ${settings.orchestrationSeconds} s`);
  }
  if (outcome.status !== "Completed") return fail(name, `${body.id} ended ${outcome.status}`);
  const wrong = judge(outcome.result);
  return wrong === undefined ? pass(name, `${body.id} completed: ${JSON.stringify(outcome.result)}`) : fail(name, `${body.id}: ${wrong}`);
}

/** GET /api/submit/query over two days, as a program submits it, polled to Completed: a count (0 or more). */
export function query(context: CheckContext): Promise<CheckResult> {
  const { start, end } = context.settings.queryDays;
  const url = `${context.settings.apiBase}/submit/query?s=${encodeURIComponent(start)}&e=${encodeURIComponent(end)}`;
  return startAndPoll(
    "query",
    context,
    () => context.request(url, { authenticated: true }),
    (result) =>
      Number.isInteger(result) && (result as number) >= 0 ? undefined : `the count is ${JSON.stringify(result)}, not a whole number`,
  );
}

/** POST /api/patterns/chaining: three activities in a row, polled to Completed; the output carries this run's marker. */
export function orchestration(context: CheckContext): Promise<CheckResult> {
  const { apiBase, marker } = context.settings;
  return startAndPoll(
    "orchestration",
    context,
    () => context.request(`${apiBase}/patterns/chaining`, { method: "POST", body: { text: `smoke ${marker}` }, authenticated: true }),
    (result) =>
      typeof result === "string" && result.includes(marker) ? undefined : `the output ${JSON.stringify(result)} lacks ${marker}`,
  );
}

/** Turns a call that got no answer into a failed check; anything else is a defect of the smoke test and propagates. */
export async function answered(name: CheckName, check: () => Promise<CheckResult>): Promise<CheckResult> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof NoAnswerError) return fail(name, error.message);
    throw error;
  }
}
