export interface ConfigIssue {
  /** The full config key, e.g. `durable-aks:names.storageAccount`. */
  key: string;
  /** The offending value as JSON, or a note when the value is secret or missing. */
  value: string;
  rule: string;
}

/** Thrown before any resource is registered when the stack config breaks a rule. */
export class ConfigError extends Error {
  constructor(
    readonly stackName: string,
    readonly issues: ConfigIssue[],
  ) {
    super(
      `Invalid configuration for stack "${stackName}" (nothing was created):\n` +
        issues.map((issue) => `  - ${issue.key} = ${issue.value}: ${issue.rule}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

export function showValue(value: unknown): string {
  if (value === undefined) return "(not set)";
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}
