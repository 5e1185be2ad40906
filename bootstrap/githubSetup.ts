import * as pulumi from "@pulumi/pulumi";
import type { GitHubSettings } from "./config";

/** A GitHub Actions variable the workflows read as `vars.<name>`: an id, never a secret. */
export interface GitHubVariable {
  name: string;
  value: pulumi.Input<string>;
  /** Set on this environment instead of the repository: only the environment's jobs (behind its rules) read it. */
  environment?: string;
}

/** A GitHub environment and the protection its trust level relies on. */
export interface GitHubEnvironment {
  name: string;
  /** Required reviewers (github.reviewers) approve every job of the environment before it gets its OIDC token. */
  reviewers: boolean;
  /** Whoever started the run may not approve it. */
  preventSelfReview: boolean;
  /** Only jobs of this branch may use the environment (deployment branch policy). */
  branch?: string;
}

/**
 * The environments each trust level's OIDC subject names. A workflow naming a missing environment creates it without
 * any protection (github/docs, "Managing environments for deployment"), so the script creates them before anything
 * else. Pull-request previews run from refs/pull/<n>/merge: no branch policy can admit them, the reviewers do.
 */
export function githubEnvironments(github: Pick<GitHubSettings, "environments">): GitHubEnvironment[] {
  const { environments } = github;
  return [
    { name: environments.preview, reviewers: true, preventSelfReview: false },
    { name: environments.dev, reviewers: false, preventSelfReview: false, branch: "main" },
    { name: environments.prod, reviewers: true, preventSelfReview: true, branch: "main" },
  ];
}

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** The environment's PUT body as a jq program over `$reviewers` (docs.github.com/rest/deployments/environments). */
function environmentBody(environment: GitHubEnvironment): string {
  const body = {
    reviewers: environment.reviewers ? "$reviewers" : [],
    prevent_self_review: environment.preventSelfReview,
    deployment_branch_policy: environment.branch ? { protected_branches: false, custom_branch_policies: true } : null,
  };
  return JSON.stringify(body).replace('"$reviewers"', "$reviewers");
}

const helpers = `fail() { echo "github setup: $*" >&2; exit 1; }

# A reviewer as the environments API takes it: a user or a team, by id.
reviewer_json() {
  local id
  if [[ "$1" == */* ]]; then
    id="$(gh api "orgs/\${1%%/*}/teams/\${1#*/}" | jq -e '.id')" || fail "no team $1 (a team of the repository's organization)"
    printf '{"type":"Team","id":%s}' "$id"
  else
    id="$(gh api "users/$1" | jq -e '.id')" || fail "no GitHub user $1"
    printf '{"type":"User","id":%s}' "$id"
  fi
}

# Creates or updates an environment; GitHub refuses reviewers where the plan has none (then this fails).
put_environment() {
  jq -nc --argjson reviewers "$reviewers" "$2" | gh api --method PUT "repos/$repo/environments/$1" --input - >/dev/null
}

has_branch_policy() {
  gh api "repos/$repo/environments/$1/deployment-branch-policies" |
    jq -e --arg branch "$2" '[.branch_policies[]? | select(.name == $branch and .type == "branch")] | length == 1' >/dev/null
}

add_branch_policy() {
  has_branch_policy "$1" "$2" || gh api --method POST "repos/$repo/environments/$1/deployment-branch-policies" -f name="$2" -f type=branch >/dev/null
}

check_environment() {
  local environment
  environment="$(gh api "repos/$repo/environments/$1")" || fail "environment $1 does not exist"
  if [[ "$2" == reviewers ]]; then
    jq -e '[.protection_rules[]? | select(.type == "required_reviewers") | .reviewers[]?] | length > 0' <<<"$environment" >/dev/null ||
      fail "environment $1 has no required reviewers (docs/deploy.md, step 3: plans without reviewers)"
  fi
  if [[ "$3" == prevent-self-review ]]; then
    jq -e '[.protection_rules[]? | select(.type == "required_reviewers" and .prevent_self_review == true)] | length > 0' <<<"$environment" >/dev/null ||
      fail "environment $1 lets whoever started a run approve it"
  fi
  if [[ -n "$4" ]]; then
    jq -e '.deployment_branch_policy.custom_branch_policies == true' <<<"$environment" >/dev/null ||
      fail "environment $1 accepts jobs from any branch"
    has_branch_policy "$1" "$4" || fail "environment $1 does not admit $4 by a deployment branch policy"
  fi
}

check_variable() {
  local actual
  actual="$(gh variable get "$1" --repo "$repo" \${2:+--env "$2"})" || fail "variable $1\${2:+ of environment $2} is missing"
  [[ "$actual" == "$3" ]] || fail "variable $1\${2:+ of environment $2} is '$actual', expected '$3'"
}`;

export interface GitHubSetup {
  repository: string;
  reviewers: string[];
  environments: GitHubEnvironment[];
  /** With their values resolved. */
  variables: Array<Omit<GitHubVariable, "value"> & { value: string }>;
}

/**
 * The GitHub side of the one-time setup as one bash script a repository admin runs with their own `gh` login: the
 * environments with their protection first, then the variables, then a read-back that fails when anything is missing.
 * No GitHub token ever enters the bootstrap's state (the alternative, @pulumi/github, would keep an admin token there).
 */
export function githubSetupScript(setup: GitHubSetup): string {
  const lines = [
    "#!/usr/bin/env bash",
    `# The GitHub side of the one-time setup of ${setup.repository}, generated by bootstrap/ (docs/deploy.md, step 3).`,
    "# Run it as a repository admin, signed in with `gh auth login`; it stops at the first error.",
    "set -euo pipefail",
    `repo=${shellQuote(setup.repository)}`,
    "",
    helpers,
    "",
    "reviewer_ids=()",
    ...setup.reviewers.map((reviewer) => `reviewer_ids+=("$(reviewer_json ${shellQuote(reviewer)})")`),
    'reviewers="[$(IFS=,; echo "${reviewer_ids[*]}")]"',
    "",
    "# 1. Environments and their protection, before any variable of theirs.",
    ...setup.environments.flatMap((environment) => [
      `put_environment ${shellQuote(environment.name)} ${shellQuote(environmentBody(environment))}`,
      ...(environment.branch ? [`add_branch_policy ${shellQuote(environment.name)} ${shellQuote(environment.branch)}`] : []),
    ]),
    "",
    "# 2. Variables: ids and names, no secret.",
    ...setup.variables.map(
      (variable) =>
        `gh variable set ${variable.name} --repo "$repo"${variable.environment ? ` --env ${shellQuote(variable.environment)}` : ""} --body ${shellQuote(variable.value)}`,
    ),
    "",
    "# 3. Read back what the workflows rely on.",
    ...setup.environments.map(
      (environment) =>
        `check_environment ${shellQuote(environment.name)} ${environment.reviewers ? "reviewers" : "-"} ${environment.preventSelfReview ? "prevent-self-review" : "-"} ${shellQuote(environment.branch ?? "")}`,
    ),
    ...setup.variables.map(
      (variable) => `check_variable ${variable.name} ${shellQuote(variable.environment ?? "")} ${shellQuote(variable.value)}`,
    ),
    `echo "GitHub is set up for $repo: ${setup.environments.map((environment) => environment.name).join(", ")} protected, ${setup.variables.length} variables set."`,
  ];
  return `${lines.join("\n")}\n`;
}

/** The script once every variable's value is known. */
export function githubSetupScriptOutput(setup: Omit<GitHubSetup, "variables"> & { variables: GitHubVariable[] }): pulumi.Output<string> {
  return pulumi
    .all(setup.variables.map((variable) => pulumi.output(variable.value)))
    .apply((values) =>
      githubSetupScript({ ...setup, variables: setup.variables.map((variable, index) => ({ ...variable, value: values[index]! })) }),
    );
}
