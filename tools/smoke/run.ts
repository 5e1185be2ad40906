import { anonymousRefused, answered, health, orchestration, query, unknownInstance, type CheckContext, type SmokeSettings } from "./checks";
import type { Request } from "./http";
import type { Clock } from "./poll";
import { outcomeOf, type CheckResult, type SmokeResult } from "./result";

/**
 * Runs the checks in order: health first (nothing else is worth asking an app that is not up), then, with
 * credentials, that an anonymous caller is refused, an unknown id, the small query and the chaining orchestration.
 * A failed check does not stop the later ones, so the summary shows everything that is wrong.
 */
export async function runSmoke(settings: SmokeSettings, request: Request, clock: Clock): Promise<SmokeResult> {
  const context: CheckContext = { request, clock, settings, started: [] };
  const checks: CheckResult[] = [await answered("health", () => health(context))];
  if (checks[0]!.passed) {
    if (settings.authenticated) checks.push(await answered("anonymous-refused", () => anonymousRefused(context)));
    checks.push(await answered("unknown-instance", () => unknownInstance(context)));
    checks.push(await answered("query", () => query(context)));
    checks.push(await answered("orchestration", () => orchestration(context)));
  }
  return { target: settings.apiBase, outcome: outcomeOf(checks), checks, instances: context.started };
}
