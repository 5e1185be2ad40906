// Builds orchestration histories the way the Durable extension records them, from the SDK's own event classes,
// so a test can replay an orchestrator in the real durable-functions executor.
import { EventRaisedEvent } from "durable-functions/lib/src/history/EventRaisedEvent";
import { ExecutionStartedEvent } from "durable-functions/lib/src/history/ExecutionStartedEvent";
import type { HistoryEvent } from "durable-functions/lib/src/history/HistoryEvent";
import { HistoryEventOptions } from "durable-functions/lib/src/history/HistoryEventOptions";
import { OrchestratorCompletedEvent } from "durable-functions/lib/src/history/OrchestratorCompletedEvent";
import { OrchestratorStartedEvent } from "durable-functions/lib/src/history/OrchestratorStartedEvent";
import { TaskCompletedEvent } from "durable-functions/lib/src/history/TaskCompletedEvent";
import { TaskFailedEvent } from "durable-functions/lib/src/history/TaskFailedEvent";
import { TaskScheduledEvent } from "durable-functions/lib/src/history/TaskScheduledEvent";
import { TimerCreatedEvent } from "durable-functions/lib/src/history/TimerCreatedEvent";
import { TimerFiredEvent } from "durable-functions/lib/src/history/TimerFiredEvent";

function options(eventId: number, timestamp: Date, fields: Partial<HistoryEventOptions> = {}): HistoryEventOptions {
  return Object.assign(new HistoryEventOptions(eventId, timestamp), fields);
}

/**
 * One orchestration's history, built episode by episode. Task ids follow the executor's numbering: every task the
 * orchestrator yields (activity, timer, retry timer, retry attempt) takes the next sequence number, in order.
 */
export class OrchestrationHistory {
  readonly events: HistoryEvent[] = [];
  private now: Date;

  /** `version`: the orchestration version the instance was started with; none for instances started before versioning. */
  constructor(name: string, input: unknown, startedAt: Date, version?: string) {
    this.now = startedAt;
    this.events.push(new OrchestratorStartedEvent(options(-1, this.now)));
    this.events.push(new ExecutionStartedEvent(options(-1, this.now, { name, input: JSON.stringify(input), version })));
  }

  /** The extension ends an episode after the orchestrator yields, and starts the next when a result arrives. */
  nextEpisode(afterMilliseconds: number): this {
    this.events.push(new OrchestratorCompletedEvent(options(-1, this.now)));
    this.now = new Date(this.now.getTime() + afterMilliseconds);
    this.events.push(new OrchestratorStartedEvent(options(-1, this.now)));
    return this;
  }

  activityScheduled(taskId: number, name: string, input?: unknown): this {
    this.events.push(new TaskScheduledEvent(options(taskId, this.now, { name, input: JSON.stringify(input) })));
    return this;
  }

  activityCompleted(taskId: number, result: unknown): this {
    this.events.push(new TaskCompletedEvent(options(-1, this.now, { taskScheduledId: taskId, result: JSON.stringify(result) })));
    return this;
  }

  activityFailed(taskId: number, reason: string): this {
    this.events.push(new TaskFailedEvent(options(-1, this.now, { taskScheduledId: taskId, reason, details: `${reason} (details)` })));
    return this;
  }

  timerCreated(taskId: number, fireAt: Date): this {
    this.events.push(new TimerCreatedEvent(options(taskId, this.now, { fireAt })));
    return this;
  }

  timerFired(taskId: number, fireAt: Date): this {
    this.events.push(new TimerFiredEvent(options(-1, this.now, { timerId: taskId, fireAt })));
    return this;
  }

  eventRaised(name: string, input: unknown): this {
    this.events.push(new EventRaisedEvent(options(-1, this.now, { name, input: JSON.stringify(input) })));
    return this;
  }

  get currentTime(): Date {
    return this.now;
  }
}
