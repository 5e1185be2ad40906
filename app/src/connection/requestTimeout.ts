import { RestError, type TableServiceClientOptions } from "@azure/data-tables";

// The pipeline's policy type, reached through the Table SDK's options (core-rest-pipeline is not a direct dependency).
type PipelinePolicy = NonNullable<TableServiceClientOptions["additionalPolicies"]>[number]["policy"];

/**
 * Per attempt: the service spends at most 30 s on a query request, five of them executing it
 * (https://learn.microsoft.com/rest/api/storageservices/query-timeout-and-pagination); the rest covers sending a page back.
 */
export const tableRequestTimeoutMs = 45_000;

/**
 * Bounds every HTTP attempt to the table service, response body included, which the SDK does not do by default (a
 * request's `timeout` is 0, none; set, it is cleared once the headers arrive: @typespec/ts-http-runtime
 * dist/commonjs/nodeHttpClient.js sendRequest). A timed-out attempt becomes a RestError with code ETIMEDOUT, a system
 * error the SDK's retry policy retries (dist/commonjs/retryStrategies/exponentialRetryStrategy.js isSystemError); after
 * its retries the count throws it and Durable's activity retry takes over.
 */
export function requestTimeoutPolicy(timeoutMs: number): PipelinePolicy {
  return {
    name: "tableRequestTimeout",
    async sendRequest(request, next) {
      const caller = request.abortSignal;
      const attempt = new AbortController();
      const abortAttempt = () => attempt.abort();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        attempt.abort();
      }, timeoutMs);
      if (caller?.aborted) attempt.abort();
      caller?.addEventListener("abort", abortAttempt);
      request.abortSignal = attempt.signal;
      try {
        return await next(request);
      } catch (error) {
        if (!timedOut) throw error;
        throw new RestError(`The table service did not answer within ${timeoutMs} ms.`, { code: "ETIMEDOUT", request });
      } finally {
        clearTimeout(timer);
        caller?.removeEventListener("abort", abortAttempt);
        // The retry policy checks the caller's signal after each attempt: only the caller's abort stops the retries.
        request.abortSignal = caller;
      }
    },
  };
}
