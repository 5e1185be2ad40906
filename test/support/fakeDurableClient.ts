import { HttpRequest, InvocationContext, type HttpResponseInit } from "@azure/functions";
import { EntityStateResponse, OrchestrationRuntimeStatus, type DurableOrchestrationStatus, type EntityId } from "durable-functions";

/** What the extension hands an orchestration client: management URLs with the system key. None may reach a response. */
export const managementUrlMarkers = [
  "runtime/webhooks",
  "code=",
  "statusQueryGetUri",
  "sendEventPostUri",
  "terminatePostUri",
  "purgeHistoryDeleteUri",
  "taskHub=",
];
const leakyManagementUrl = "http://localhost:7071/runtime/webhooks/durabletask/instances/x?taskHub=Hub&connection=Storage&code=SYSTEMKEY==";

/** The message durable-functions 3.x throws for an id the task hub does not know (checked against the SDK in durableClientSdk.test.ts). */
export function unknownInstanceError(instanceId: string): Error {
  return new Error(
    "DurableClient error: Durable Functions extension replied with HTTP 404 response. " +
      `This usually means we could not find any data associated with the instanceId provided: ${instanceId}.`,
  );
}

export function orchestrationStatus(
  instanceId: string,
  name: string,
  runtimeStatus: OrchestrationRuntimeStatus,
  output: unknown = null,
): DurableOrchestrationStatus {
  const now = new Date("2024-05-01T10:00:00Z");
  return {
    name,
    instanceId,
    runtimeStatus,
    output,
    createdTime: now,
    lastUpdatedTime: now,
    // Fields the status route must never pass on.
    input: { statusQueryGetUri: leakyManagementUrl },
    customStatus: { sendEventPostUri: leakyManagementUrl },
    history: [{ purgeHistoryDeleteUri: leakyManagementUrl }],
  };
}

/** An in-memory stand-in for the slices of DurableClient the handlers use, recording every call. */
export class FakeDurableClient {
  readonly started: Array<{ name: string; input: unknown; instanceId: string }> = [];
  readonly raised: Array<{ instanceId: string; eventName: string; eventData: unknown }> = [];
  readonly signals: Array<{ entityId: EntityId; operationName?: string; operationContent?: unknown }> = [];
  readonly instances = new Map<string, DurableOrchestrationStatus>();
  readonly entities = new Map<string, number>();

  async startNew(name: string, options?: { input?: unknown }): Promise<string> {
    const instanceId = (this.started.length + 1).toString(16).padStart(32, "0");
    this.started.push({ name, input: options?.input, instanceId });
    this.instances.set(instanceId, orchestrationStatus(instanceId, name, OrchestrationRuntimeStatus.Pending));
    return instanceId;
  }

  async getStatus(instanceId: string): Promise<DurableOrchestrationStatus> {
    const status = this.instances.get(instanceId);
    if (status === undefined) throw unknownInstanceError(instanceId);
    return status;
  }

  async raiseEvent(instanceId: string, eventName: string, eventData: unknown): Promise<void> {
    this.raised.push({ instanceId, eventName, eventData });
  }

  async signalEntity(entityId: EntityId, operationName?: string, operationContent?: unknown): Promise<void> {
    this.signals.push({ entityId, operationName, operationContent });
  }

  async readEntityState<T>(entityId: EntityId): Promise<EntityStateResponse<T>> {
    const value = this.entities.get(entityId.key);
    return new EntityStateResponse<T>(value !== undefined, value as T | undefined);
  }
}

export function httpRequest(init: {
  url: string;
  method?: string;
  params?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
}): HttpRequest {
  return new HttpRequest({
    method: init.method ?? "GET",
    url: init.url,
    params: init.params ?? {},
    headers: init.headers ?? {},
    body: init.body === undefined ? undefined : { string: init.body },
  });
}

export function invocationContext(): InvocationContext {
  return new InvocationContext({ functionName: "test", invocationId: "invocation", logHandler: () => undefined });
}

/** Everything a client could read in a response: status, headers and body. */
export function responseText(response: HttpResponseInit): string {
  return JSON.stringify({ headers: response.headers, body: response.jsonBody ?? response.body ?? null });
}
