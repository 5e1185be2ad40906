import type { Request } from "./http";

/** The runtime statuses the app's status route reports once an instance can change no more. */
const finished = new Set(["Completed", "Failed", "Terminated", "Canceled"]);

export interface Clock {
  now: () => number;
  sleep: (milliseconds: number) => Promise<void>;
}

export type PollOutcome =
  { kind: "finished"; status: string; result: unknown } | { kind: "timedOut"; lastStatus: string } | { kind: "badAnswer"; detail: string };

/** Seconds between polls: the app's Retry-After (5 s), bounded so a slow hint cannot eat the whole time limit. */
function pollDelay(retryAfter: string | null): number {
  const seconds = Number(retryAfter);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 10) : 2;
}

/** Polls `statusUri` until the instance finished or `deadline` (a `clock.now()` value) passed. */
export async function pollUntilFinished(request: Request, statusUri: string, deadline: number, clock: Clock): Promise<PollOutcome> {
  for (;;) {
    const answer = await request(statusUri, { authenticated: true });
    const body = answer.json as { status?: unknown; result?: unknown } | undefined;
    if (answer.status !== 200 || typeof body?.status !== "string") {
      return { kind: "badAnswer", detail: `${statusUri} answered ${answer.status} ${answer.text.slice(0, 200)}` };
    }
    if (finished.has(body.status)) return { kind: "finished", status: body.status, result: body.result };
    const delay = pollDelay(answer.headers.get("retry-after")) * 1000;
    if (clock.now() + delay > deadline) return { kind: "timedOut", lastStatus: body.status };
    await clock.sleep(delay);
  }
}
