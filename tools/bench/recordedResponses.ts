// A cost model for the table service: every response recorded once from Azurite, then served again after a fixed
// delay per request. The emulator's CPU drops out of the timing (in Azure it runs on the service's partition servers,
// not on the client's cores); the client's own work (HTTP pipeline, JSON, deserialisation, the count) stays in.
import type { TableServiceClientOptions } from "@azure/data-tables";
import { setTimeout as sleep } from "node:timers/promises";

// The pipeline types, reached through the Table SDK's options (core-rest-pipeline is not a direct dependency).
export type PipelinePolicy = NonNullable<TableServiceClientOptions["additionalPolicies"]>[number]["policy"];
type PipelineResponse = Awaited<ReturnType<PipelinePolicy["sendRequest"]>>;

export type ResponseRecording = Map<string, PipelineResponse>;

const requestKey = (method: string, url: string) => `${method} ${url}`;

/** Passes every request to Azurite and keeps its response. */
export function recordResponses(recording: ResponseRecording): PipelinePolicy {
  return {
    name: "recordResponses",
    sendRequest: async (request, next) => {
      const response = await next(request);
      recording.set(requestKey(request.method, request.url), response);
      return response;
    },
  };
}

/** Answers from the recording after `latencyMs`; a request that was never recorded fails instead of reaching a server. */
export function replayResponses(recording: ResponseRecording, latencyMs: number): PipelinePolicy {
  return {
    name: "replayResponses",
    sendRequest: async (request) => {
      const recorded = recording.get(requestKey(request.method, request.url));
      if (recorded === undefined) throw new Error(`Not recorded: ${request.method} ${request.url}`);
      await sleep(latencyMs);
      return { request, status: recorded.status, headers: recorded.headers, bodyAsText: recorded.bodyAsText };
    },
  };
}
