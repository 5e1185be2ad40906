// Typed shims for the durable-functions 3.5.0 internals the replay tests use. They have no .d.ts of their own and
// are not public API: the version is pinned in app/package.json, and these declarations cover only what we call.

declare module "durable-functions/lib/src/util/testingUtils" {
  import type { InvocationContext } from "@azure/functions";
  import type { OrchestrationHandler } from "durable-functions";

  export class DurableOrchestrationInput {
    constructor(
      instanceId?: string,
      history?: unknown[],
      input?: unknown,
      longRunningTimerIntervalDuration?: string,
      maximumShortTimerDuration?: string,
      defaultHttpAsyncRequestSleepTimeMillseconds?: number,
      schemaVersion?: number,
      isReplaying?: boolean,
      parentInstanceId?: string,
    );
  }

  export interface ReplayedState {
    readonly isDone: boolean;
    readonly actions: unknown[][];
    readonly output?: unknown;
    readonly error?: string;
    readonly customStatus?: unknown;
    readonly schemaVersion: number;
  }

  export function createOrchestrator(
    fn: OrchestrationHandler,
  ): (trigger: DurableOrchestrationInput, context: InvocationContext) => Promise<ReplayedState>;

  export function createEntityFunction<T>(
    fn: (context: import("durable-functions").EntityContext<T>) => void,
  ): (trigger: unknown, context: InvocationContext) => Promise<EntityBatchState>;

  export interface EntityBatchState {
    entityExists: boolean;
    entityState?: string;
    readonly results: ReadonlyArray<{ readonly isError: boolean; readonly result?: string }>;
    readonly signals: readonly unknown[];
  }
}

declare module "durable-functions/lib/src/orchestrations/ReplaySchema" {
  export enum ReplaySchema {
    V1 = 0,
    V2 = 1,
    V3 = 2,
    V4 = 3,
  }
}

declare module "durable-functions/lib/src/history/HistoryEventOptions" {
  export class HistoryEventOptions {
    constructor(eventId: number, timestamp: Date, isPlayed?: boolean);
    name?: string;
    version?: string;
    input?: string;
    result?: string;
    reason?: string;
    details?: string;
    taskScheduledId?: number;
    timerId?: number;
    fireAt?: Date;
  }
}

declare module "durable-functions/lib/src/history/HistoryEvent" {
  export class HistoryEvent {
    readonly EventType: number;
    readonly EventId: number;
    readonly IsPlayed: boolean;
    readonly Timestamp: Date;
  }
}

declare module "durable-functions/lib/src/history/OrchestratorStartedEvent" {
  import { HistoryEvent } from "durable-functions/lib/src/history/HistoryEvent";
  import type { HistoryEventOptions } from "durable-functions/lib/src/history/HistoryEventOptions";
  export class OrchestratorStartedEvent extends HistoryEvent {
    constructor(options: HistoryEventOptions);
  }
}

declare module "durable-functions/lib/src/history/OrchestratorCompletedEvent" {
  import { HistoryEvent } from "durable-functions/lib/src/history/HistoryEvent";
  import type { HistoryEventOptions } from "durable-functions/lib/src/history/HistoryEventOptions";
  export class OrchestratorCompletedEvent extends HistoryEvent {
    constructor(options: HistoryEventOptions);
  }
}

declare module "durable-functions/lib/src/history/ExecutionStartedEvent" {
  import { HistoryEvent } from "durable-functions/lib/src/history/HistoryEvent";
  import type { HistoryEventOptions } from "durable-functions/lib/src/history/HistoryEventOptions";
  export class ExecutionStartedEvent extends HistoryEvent {
    constructor(options: HistoryEventOptions);
  }
}

declare module "durable-functions/lib/src/history/TaskScheduledEvent" {
  import { HistoryEvent } from "durable-functions/lib/src/history/HistoryEvent";
  import type { HistoryEventOptions } from "durable-functions/lib/src/history/HistoryEventOptions";
  export class TaskScheduledEvent extends HistoryEvent {
    constructor(options: HistoryEventOptions);
  }
}

declare module "durable-functions/lib/src/history/TaskCompletedEvent" {
  import { HistoryEvent } from "durable-functions/lib/src/history/HistoryEvent";
  import type { HistoryEventOptions } from "durable-functions/lib/src/history/HistoryEventOptions";
  export class TaskCompletedEvent extends HistoryEvent {
    constructor(options: HistoryEventOptions);
  }
}

declare module "durable-functions/lib/src/history/TaskFailedEvent" {
  import { HistoryEvent } from "durable-functions/lib/src/history/HistoryEvent";
  import type { HistoryEventOptions } from "durable-functions/lib/src/history/HistoryEventOptions";
  export class TaskFailedEvent extends HistoryEvent {
    constructor(options: HistoryEventOptions);
  }
}

declare module "durable-functions/lib/src/history/TimerCreatedEvent" {
  import { HistoryEvent } from "durable-functions/lib/src/history/HistoryEvent";
  import type { HistoryEventOptions } from "durable-functions/lib/src/history/HistoryEventOptions";
  export class TimerCreatedEvent extends HistoryEvent {
    constructor(options: HistoryEventOptions);
  }
}

declare module "durable-functions/lib/src/history/TimerFiredEvent" {
  import { HistoryEvent } from "durable-functions/lib/src/history/HistoryEvent";
  import type { HistoryEventOptions } from "durable-functions/lib/src/history/HistoryEventOptions";
  export class TimerFiredEvent extends HistoryEvent {
    constructor(options: HistoryEventOptions);
  }
}

declare module "durable-functions/lib/src/history/EventRaisedEvent" {
  import { HistoryEvent } from "durable-functions/lib/src/history/HistoryEvent";
  import type { HistoryEventOptions } from "durable-functions/lib/src/history/HistoryEventOptions";
  export class EventRaisedEvent extends HistoryEvent {
    constructor(options: HistoryEventOptions);
  }
}
