/**
 * How the smoke test presents itself: as a program with a bearer token, with a function key (both where App Service
 * authentication and function keys are on together), or anonymously (neither).
 */
export interface Credentials {
  bearerToken?: string;
  functionKey?: string;
}

export const isAnonymous = (credentials: Credentials) => credentials.bearerToken === undefined && credentials.functionKey === undefined;

export interface Answer {
  status: number;
  headers: Headers;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  text: string;
}

export interface RequestOptions {
  method?: "GET" | "POST";
  /** Sent as JSON. */
  body?: unknown;
  /** false: without the credentials, as an anonymous caller. */
  authenticated: boolean;
}

export type Request = (url: string, options: RequestOptions) => Promise<Answer>;

/** A request that got no answer within its time limit, or no answer at all. */
export class NoAnswerError extends Error {}

// The function key travels in the header only: the app refuses a key in the URL (app/src/http/keyInHeaderOnly.ts).
function credentialHeaders({ bearerToken, functionKey }: Credentials): Record<string, string> {
  return {
    ...(bearerToken === undefined ? {} : { Authorization: `Bearer ${bearerToken}` }),
    ...(functionKey === undefined ? {} : { "x-functions-key": functionKey }),
  };
}

/**
 * One HTTP exchange per call, each bounded by `timeoutMs`. Redirects are never followed: a sign-in redirect is an
 * answer to judge, and credentials must not travel to wherever a Location points.
 */
export function createRequest(credentials: Credentials, timeoutMs: number, fetchImpl: typeof fetch = fetch): Request {
  return async (url, options) => {
    const headers: Record<string, string> = {
      Accept: "application/json",
      ...(options.authenticated ? credentialHeaders(credentials) : {}),
    };
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(url, {
        method: options.method ?? "GET",
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const reason = error instanceof Error && error.name === "TimeoutError" ? `no answer within ${timeoutMs / 1000} s` : String(error);
      throw new NoAnswerError(`${options.method ?? "GET"} ${url}: ${reason}`);
    }
    let json: unknown;
    try {
      json = text === "" ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json, text };
  };
}
