import type { EngineEvent, OpMap, OpType } from "@pulumi/pulumi/automation";

/** Operations that change nothing: the engine reports them too, but they are not work to wait for. */
const idle: ReadonlySet<OpType> = new Set(["same", "read", "refresh", "discard", "discard-replaced", "remove-pending-replace"]);

/** The resources a plan will touch: what "done of total" counts. */
export const changesIn = (summary: OpMap | undefined) =>
  Object.entries(summary ?? {}).reduce((total, [op, count]) => total + (idle.has(op as OpType) ? 0 : (count ?? 0)), 0);

const verbs: Partial<Record<OpType, string>> = {
  create: "created",
  update: "updated",
  delete: "deleted",
  replace: "replaced",
  "create-replacement": "created (replacement)",
  "delete-replaced": "deleted (replaced)",
  import: "imported",
};

/** `urn:pulumi:<stack>::<project>::<type chain>::<name>` → the type and name a reader recognises. */
export function describeUrn(urn: string): string {
  const parts = urn.split("::");
  const type = (parts[2] ?? "").split("$").pop() ?? "";
  return `${type} ${parts[3] ?? urn}`.trim();
}

export const formatDuration = (seconds: number) => {
  const whole = Math.max(0, Math.round(seconds));
  return whole < 60 ? `${whole}s` : `${Math.floor(whole / 60)}m ${String(whole % 60).padStart(2, "0")}s`;
};

/**
 * Turns the Automation API's engine events into lines: each finished resource with its count and time, errors as they
 * come, and (on `tick`) the slowest resource still in flight with how long it has been waited on. Lines, not a redrawn
 * screen, so the same output reads well in a terminal and in a CI log.
 */
export class Progress {
  private readonly started = new Map<string, { op: OpType; at: number }>();
  private done = 0;
  private failed = 0;
  private total = 0;
  private phase = "";
  summary?: { durationSeconds: number; resourceChanges: OpMap; maybeCorrupt: boolean };

  constructor(
    private readonly write: (line: string) => void,
    private readonly now: () => number = Date.now,
    /** A resource in flight longer than this is named on each tick. */
    private readonly slowAfterSeconds = 20,
  ) {}

  /** A new phase; `total` is how many resources it will touch, when a preview said so. */
  startPhase(phase: string, total = 0) {
    this.phase = phase;
    this.total = total;
    this.done = 0;
    this.failed = 0;
    this.started.clear();
    this.write(total ? `\n== ${phase}: ${total} resources to change` : `\n== ${phase}`);
  }

  onEvent = (event: EngineEvent) => {
    const pre = event.resourcePreEvent;
    if (pre && !pre.planning && !idle.has(pre.metadata.op)) this.started.set(pre.metadata.urn, { op: pre.metadata.op, at: this.now() });
    const finished = event.resOutputsEvent;
    if (finished && !finished.planning && !idle.has(finished.metadata.op)) {
      const start = this.started.get(finished.metadata.urn);
      this.started.delete(finished.metadata.urn);
      this.done += 1;
      const took = start ? ` in ${formatDuration((this.now() - start.at) / 1000)}` : "";
      const verb = verbs[finished.metadata.op] ?? finished.metadata.op;
      this.write(`  ${this.count()} ${verb} ${describeUrn(finished.metadata.urn)}${took}`);
    }
    const failure = event.resOpFailedEvent;
    if (failure) {
      this.started.delete(failure.metadata.urn);
      this.failed += 1;
      this.write(`  ✗ failed ${describeUrn(failure.metadata.urn)}`);
    }
    const diagnostic = event.diagnosticEvent;
    if (diagnostic && (diagnostic.severity === "error" || diagnostic.severity === "warning") && !diagnostic.ephemeral) {
      const where = diagnostic.urn ? `${describeUrn(diagnostic.urn)}: ` : "";
      this.write(`  ${diagnostic.severity}: ${where}${diagnostic.message.trim()}`);
    }
    if (event.summaryEvent) this.summary = event.summaryEvent;
  };

  /** Called every few seconds while the engine works: names the resource waited on longest, if it is slow. */
  tick() {
    let slowest: [string, { op: OpType; at: number }] | undefined;
    for (const entry of this.started) if (!slowest || entry[1].at < slowest[1].at) slowest = entry;
    if (!slowest) return;
    const waited = (this.now() - slowest[1].at) / 1000;
    if (waited < this.slowAfterSeconds) return;
    const others = this.started.size > 1 ? ` (and ${this.started.size - 1} more in flight)` : "";
    this.write(`  … ${this.phase}: ${this.count()} waiting on ${describeUrn(slowest[0])} for ${formatDuration(waited)}${others}`);
  }

  /** Resources finished and failed in this phase. */
  get counts() {
    return { done: this.done, failed: this.failed, total: this.total };
  }

  private count() {
    return this.total ? `[${this.done}/${this.total}]` : `[${this.done}]`;
  }
}
