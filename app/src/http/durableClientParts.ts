import type { DurableClient } from "durable-functions";

/** The slices of the Durable client each handler uses: small enough for a test to fake. */
export type OrchestrationStarter = Pick<DurableClient, "startNew">;
export type StatusReader = Pick<DurableClient, "getStatus">;
export type EventRaiser = Pick<DurableClient, "raiseEvent" | "getStatus">;
export type EntityClient = Pick<DurableClient, "signalEntity" | "readEntityState">;
