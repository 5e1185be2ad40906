import { describe, expect, it } from "vitest";
import { functionNames } from "../../../app/src/contract/functionNames";
import { countRetryOptions, countRetryOptionsBeforeVersioning, queryOrchestrator } from "../../../app/src/query/queryOrchestrator";
import { currentOrchestrationVersion } from "../../../app/src/versioning/orchestrationVersion";
import { OrchestrationHistory } from "../../support/orchestrationHistory";
import { actionTypes, inputOf, replay } from "../../support/replay";

const range = { start: "2021-10-10", end: "2021-12-10" };
const startedAt = new Date("2024-05-01T10:00:00Z");
const firstRetryDelay = countRetryOptions.firstRetryIntervalInMilliseconds;

/** An instance this image starts: host.json's version. */
function started(input: unknown = range): OrchestrationHistory {
  return new OrchestrationHistory(functionNames.queryOrchestrator, input, startedAt, currentOrchestrationVersion);
}

describe("query orchestrator, replayed in the real SDK", () => {
  it("first episode: schedules exactly one count activity, with retry, carrying only the range", async () => {
    const result = await replay(queryOrchestrator, started(), range);

    expect(result.isDone).toBe(false);
    expect(result.actions).toHaveLength(1);
    const [action] = result.actions;
    expect(action).toMatchObject({ actionType: actionTypes.callActivityWithRetry, functionName: functionNames.countActivity });
    expect(inputOf(action)).toEqual(range);
    expect(action?.retryOptions).toMatchObject({ maxNumberOfAttempts: 10, firstRetryIntervalInMilliseconds: 5000, backoffCoefficient: 2 });
  });

  it("from version 1.0 the attempts span minutes: a count refused for want of a slot is retried until one is free", () => {
    // RetryInterceptor's delays: first interval times the coefficient per attempt, capped at the maximum interval.
    const delays = Array.from({ length: countRetryOptions.maxNumberOfAttempts - 1 }, (_, attempt) =>
      Math.min(countRetryOptions.firstRetryIntervalInMilliseconds * countRetryOptions.backoffCoefficient ** attempt, 60_000),
    );
    expect(delays.reduce((sum, delay) => sum + delay, 0)).toBe(375_000);
    expect(countRetryOptions.maxRetryIntervalInMilliseconds).toBe(60_000);
  });

  it("instances started before versioning keep the retry options they were started with: 4 attempts, 35 s", async () => {
    const beforeVersioning = new OrchestrationHistory(functionNames.queryOrchestrator, range, startedAt);
    const result = await replay(queryOrchestrator, beforeVersioning, range);
    expect(result.actions[0]?.retryOptions).toMatchObject({ maxNumberOfAttempts: 4, firstRetryIntervalInMilliseconds: 5000 });
    expect(countRetryOptionsBeforeVersioning.maxNumberOfAttempts).toBe(4);
  });

  it("happy path: the activity's count becomes the output", async () => {
    const history = started()
      .activityScheduled(0, functionNames.countActivity, range)
      .nextEpisode(1000)
      .activityCompleted(0, { ok: true, count: 119 });

    const result = await replay(queryOrchestrator, history, range);

    expect(result).toMatchObject({ isDone: true, output: 119 });
    expect(result.failure).toBeUndefined();
  });

  it("retry then success: a failed attempt waits on the retry timer and the next attempt's count wins", async () => {
    const retryAt = new Date(startedAt.getTime() + 1000 + firstRetryDelay);
    const history = started()
      .activityScheduled(0, functionNames.countActivity, range)
      .nextEpisode(1000)
      .activityFailed(0, "Table service busy (503)")
      .timerCreated(1, retryAt)
      .nextEpisode(firstRetryDelay)
      .timerFired(1, retryAt)
      .activityScheduled(2, functionNames.countActivity, range)
      .nextEpisode(1000)
      .activityCompleted(2, { ok: true, count: 42 });

    const result = await replay(queryOrchestrator, history, range);

    expect(result).toMatchObject({ isDone: true, output: 42 });
  });

  it("transient failures on every attempt: the orchestration fails once the attempts are used up", async () => {
    const history = started().activityScheduled(0, functionNames.countActivity, range);
    let taskId = 0;
    for (let attempt = 1; attempt <= countRetryOptions.maxNumberOfAttempts; attempt++) {
      history.nextEpisode(1000).activityFailed(taskId, `attempt ${attempt} timed out`);
      const fireAt = new Date(history.currentTime.getTime() + firstRetryDelay);
      history
        .timerCreated(taskId + 1, fireAt)
        .nextEpisode(firstRetryDelay)
        .timerFired(taskId + 1, fireAt);
      taskId += 2;
      if (attempt < countRetryOptions.maxNumberOfAttempts) history.activityScheduled(taskId, functionNames.countActivity, range);
    }

    const result = await replay(queryOrchestrator, history, range);

    expect(result.isDone).toBe(false);
    expect(result.failure).toContain(`attempt ${countRetryOptions.maxNumberOfAttempts} timed out`);
  });

  it("permanent failure reported by the activity: fails at once, no second attempt", async () => {
    const history = started()
      .activityScheduled(0, functionNames.countActivity, range)
      .nextEpisode(1000)
      .activityCompleted(0, { ok: false, error: "The app setting 'AppConfigEndpoint' is missing or empty." });

    const result = await replay(queryOrchestrator, history, range);

    expect(result.failure).toBe("The app setting 'AppConfigEndpoint' is missing or empty.");
    expect(result.actions).toHaveLength(1);
  });

  it("invalid input: fails before scheduling anything", async () => {
    const input = { start: "2021-12-10", end: "2021-10-10" };
    const result = await replay(queryOrchestrator, started(input), input);

    expect(result.failure).toMatch(/needs \{start, end\}/);
    expect(result.actions).toHaveLength(0);
  });

  it("history stays the same size for a ten-year range: the fan-out lives inside the activity", async () => {
    const decade = { start: "2010-01-01", end: "2019-12-31" };
    const short = await replay(queryOrchestrator, started(), range);
    const long = await replay(queryOrchestrator, started(decade), decade);

    expect(long.actions).toHaveLength(short.actions.length);
    expect(JSON.stringify(long.actions).length).toBe(JSON.stringify(short.actions).length);
  });
});
