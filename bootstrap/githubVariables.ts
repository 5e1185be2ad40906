import * as pulumi from "@pulumi/pulumi";

/** A GitHub Actions variable the workflows read as `vars.<name>`: an id, never a secret. */
export interface GitHubVariable {
  name: string;
  value: pulumi.Input<string>;
  /** Set on this environment instead of the repository (the production identity's client id). */
  environment?: string;
}

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** The ready-to-paste `gh variable set` lines, one per variable. */
export function ghVariableSetCommands(repository: string, variables: GitHubVariable[]): pulumi.Output<string> {
  return pulumi
    .all(variables.map((variable) => pulumi.output(variable.value)))
    .apply((values) =>
      variables
        .map(
          (variable, index) =>
            `gh variable set ${variable.name} --repo ${repository}${variable.environment ? ` --env ${variable.environment}` : ""} --body ${shellQuote(values[index]!)}`,
        )
        .join("\n"),
    );
}
