import { isRestError } from "@azure/app-configuration";
import type { HttpRequest, HttpResponse, HttpResponseInit, InvocationContext } from "@azure/functions";
import { jsonResponse } from "./responses";

/** Seconds a client should wait before it tries again after a 503. */
export const unavailableRetryAfterSeconds = 10;

export const unavailableError = "The service is temporarily unavailable. Try again later.";

// durable-functions 3.5.0 lib/src/durableClient/DurableClient.js createGenericError, for any status its method does not
// expect; the extension answers 500 when its storage call throws (azure-functions-durable-extension
// src/WebJobs.Extensions.DurableTask/HttpApiHandler.cs: "Something went wrong while processing your request").
const durableClientStatus = /^The operation failed with an unexpected status code: (\d{3})\b/;

const isTransientStatus = (status: number) => status >= 500 || status === 408 || status === 429;

/**
 * The durable backend or the table store did not answer usably: a 5xx, 408 or 429 from either, or no answer at all (the
 * durable client's axios error without a response; a RestError without a status code, which the Azure SDK's HTTP client
 * throws when the request could not be sent).
 */
export function isBackendUnavailable(error: unknown): boolean {
  if (isRestError(error)) return error.statusCode === undefined || isTransientStatus(error.statusCode);
  if (!(error instanceof Error)) return false;
  const durableStatus = durableClientStatus.exec(error.message);
  if (durableStatus) return isTransientStatus(Number(durableStatus[1]));
  const axiosError = error as Error & { isAxiosError?: boolean; response?: unknown };
  return axiosError.isAxiosError === true && axiosError.response === undefined;
}

/** Name, message and code only: an axios error object also carries the request's configuration and URL. */
function describe(error: Error): string {
  const code = (error as Error & { code?: unknown }).code;
  return `${error.name}: ${error.message}${typeof code === "string" ? ` (${code})` : ""}`;
}

type Handler<Client, Response extends HttpResponseInit | HttpResponse> = (
  request: HttpRequest,
  client: Client,
  context: InvocationContext,
) => Response | Promise<Response>;

/**
 * A route whose backend is down answers 503 with Retry-After and a JSON error, and logs the cause, instead of the host's
 * body-less 500. Anything else (a bug) is thrown on, so the host still records the failure.
 */
export function answerUnavailableBackend<Client, Response extends HttpResponseInit | HttpResponse>(
  handler: Handler<Client, Response>,
): Handler<Client, Response | HttpResponseInit> {
  return async (request, client, context) => {
    try {
      return await handler(request, client, context);
    } catch (error) {
      if (!isBackendUnavailable(error)) throw error;
      context.error(`Answered 503, the backend is unavailable: ${describe(error as Error)}`);
      return jsonResponse(503, { error: unavailableError }, { "Retry-After": String(unavailableRetryAfterSeconds) });
    }
  };
}
