#!/usr/bin/env bash
# Container smoke test: the real image with the real Functions host, against Azurite. Needs Docker with Compose v2,
# Node and `npm ci` done; run from the repository root (CI: the container-smoke job of .github/workflows/checks.yml).
#   1. build app/Dockerfile and start app/docker-compose.yml health-gated (Azurite healthy, then the app healthy);
#   2. seed the audit table, submit a query, poll /api/status/{id} to Completed, compare the count with the seed script's;
#      check /api/health and a 404 for an unknown id;
#   3. run the image again as on AKS (uid 1000, read-only root, tmpfs on the host's writable paths, no capabilities),
#      repeat the query, then check that SIGTERM reaches the host (it exits itself instead of being killed);
#   4. start it once as on App Service (WEBSITE_INSTANCE_ID set, uid 1000) and check that it answers;
#   5. export the histories the host recorded (the query, and pattern instances completed or waiting on a timer; no
#      approval: without sign-in settings the app starts none, which step 2 checks) from Azurite's History table and
#      replay them through the replay gate (test/app/replay/replayGate.test.ts).
#      They stay in $REPLAY_HISTORIES_DIR (default: a temporary directory) to be committed as fixtures.
set -euo pipefail

compose=(docker compose -f app/docker-compose.yml)
project=async-http-api
image=async-http-api:local
network="${project}_internal-net"
first_day=2024-03-01 last_day=2024-03-31 query_range="s=01/03/2024&e=31/03/2024"
# The paths the host writes in a container (app/src/contract/hostPaths.ts: hostWritablePaths; a test keeps them equal).
aks_writable_paths=(/tmp /azure-functions-host/Secrets /home/data)
env_file=$(mktemp)
started_containers=()
histories_dir=${REPLAY_HISTORIES_DIR:-$(mktemp -d)}
# Instances whose histories step 5 replays.
recorded_instances=()

cleanup() {
  local status=$?
  if [[ $status -ne 0 ]]; then
    "${compose[@]}" logs --no-color --tail 200 || true
    for container in "${started_containers[@]}"; do docker logs --tail 200 "$container" || true; done
  fi
  for container in "${started_containers[@]}"; do docker rm --force "$container" >/dev/null 2>&1 || true; done
  "${compose[@]}" down --volumes --remove-orphans >/dev/null 2>&1 || true
  rm -f "$env_file"
  exit "$status"
}
trap cleanup EXIT

fail() {
  echo "SMOKE FAILED: $*" >&2
  exit 1
}

# Waits until GET <url> answers 200, for at most <seconds>.
wait_healthy() {
  local url=$1 seconds=$2
  for ((waited = 0; waited < seconds; waited += 2)); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "$url" || true)" == 200 ]] && return 0
    sleep 2
  done
  fail "$url did not answer 200 within ${seconds} s"
}

# Submits the query on <base url>, polls the status URL it returns until Completed and compares the count.
query_and_compare() {
  local base=$1 accepted status_uri body status result
  accepted=$(curl -sS --fail-with-body "$base/api/submit/query?$query_range")
  status_uri=$(jq -er .statusUri <<<"$accepted") || fail "no statusUri in $accepted"
  [[ "$status_uri" == "$base/api/status/"* ]] || fail "statusUri $status_uri is not under $base/api/status/"
  recorded_instances+=("${status_uri##*/}")
  for ((polls = 0; polls < 90; polls++)); do
    body=$(curl -sS --fail-with-body "$status_uri")
    status=$(jq -er .status <<<"$body")
    case "$status" in
      Completed) break ;;
      Failed | Terminated | Canceled) fail "the query ended $status: $body" ;;
    esac
    sleep 2
  done
  [[ "$status" == Completed ]] || fail "the query did not complete in 180 s (last: $body)"
  result=$(jq -er .result <<<"$body")
  [[ "$result" == "$expected" ]] || fail "counted $result, the seed expects $expected"
  echo "$base: query counted $result distinct identification numbers, as expected"
}

# Starts pattern <name> with JSON <body> on $base and prints the instance id.
start_pattern() {
  local accepted
  accepted=$(curl -sS --fail-with-body -X POST -H "Content-Type: application/json" -d "$2" "$base/api/patterns/$1")
  jq -er .id <<<"$accepted" || fail "no id in $accepted"
}

# Polls /api/status/<id> on $base until its status is <wanted>, for at most 120 s.
wait_for_status() {
  local id=$1 wanted=$2 status=""
  for ((polls = 0; polls < 60; polls++)); do
    status=$(curl -sS --fail-with-body "$base/api/status/$id" | jq -er .status)
    [[ "$status" == "$wanted" ]] && return 0
    [[ "$status" == Failed || "$status" == Terminated ]] && fail "instance $id ended $status"
    sleep 2
  done
  fail "instance $id is $status, not $wanted, after 120 s"
}

echo "== 1. build and start health-gated"
"${compose[@]}" build
"${compose[@]}" up --detach --wait --wait-timeout 300

echo "== 2. seed, query, health, 404"
# Without AuditTableConnectionString the seed script writes to Azurite's published port (UseDevelopmentStorage=true).
seed_output=$(npm run seed:audit --workspace app --silent -- --first-day "$first_day" --days 31 --entities 5000 --ids 2000)
echo "$seed_output"
expected=$(sed -n "s/^Expected answer for $first_day\.\.$last_day: \([0-9][0-9]*\) distinct.*/\1/p" <<<"$seed_output")
[[ -n "$expected" ]] || fail "the seed script printed no expected answer for $first_day..$last_day"

base=http://localhost:8080
health=$(curl -sS --fail-with-body "$base/api/health")
[[ "$(jq -r .status <<<"$health")" == healthy ]] || fail "/api/health answered $health"
# The post-deploy smoke test the workflows run after every update, here anonymous as the container runs.
npx tsx tools/smoke/cli.ts --url "$base/api" --label "the local container" --summary "${GITHUB_STEP_SUMMARY:-/dev/null}"
query_and_compare "$base"
unknown=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/status/00000000000000000000000000000000")
[[ "$unknown" == 404 ]] || fail "an unknown id answered $unknown, not 404"
key_in_url=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/submit/query?$query_range&code=not-a-key")
[[ "$key_in_url" == 400 ]] || fail "a key in the URL answered $key_in_url, not 400"

echo "== 2b. orchestrations for the replay gate: two run to the end, one stays waiting on a timer"
chaining_id=$(start_pattern chaining '{"text":"  replay   gate smoke "}')
fan_out_id=$(start_pattern fan-out-fan-in '{"words":["alpha","beta","gamma","delta","epsilon","zeta","eta","theta","iota","kappa","lambda","mu"]}')
monitor_id=$(start_pattern monitor '{"jobSeconds":3600,"pollSeconds":600,"maxPolls":3}')
wait_for_status "$chaining_id" Completed
wait_for_status "$fan_out_id" Completed
# Running means the first episode is checkpointed: the monitor polls.
wait_for_status "$monitor_id" Running
recorded_instances+=("$chaining_id" "$fan_out_id" "$monitor_id")
# Approvals need a validated caller; the compose file sets no sign-in (AuthTenantId, AuthAudience): refused, never open.
approval_start=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Content-Type: application/json" \
  -d '{"request":"smoke","submittedBy":{"id":"anyone"}}' "$base/api/patterns/approval")
[[ "$approval_start" == 503 ]] || fail "an approval start without sign-in answered $approval_start, not 503"
approval_decision=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "X-Forwarded-User: anyone" \
  "$base/api/approvals/00000000000000000000000000000000/approve")
[[ "$approval_decision" == 503 ]] || fail "an approval decision without sign-in answered $approval_decision, not 503"

echo "== 3. as on AKS: uid 1000, read-only root, tmpfs on the writable paths"
"${compose[@]}" config --format json | jq -r '.services["functions-app"].environment | to_entries[] | "\(.key)=\(.value)"' >"$env_file"
"${compose[@]}" stop functions-app
tmpfs=()
for path in "${aks_writable_paths[@]}"; do tmpfs+=(--tmpfs "$path"); done
aks_base=http://localhost:8081
docker run --detach --name smoke-aks --network "$network" --publish 8081:8080 --env-file "$env_file" \
  --env WEBSITE_HOSTNAME=localhost:8081 --env FUNCTIONS_ENABLE_DRAIN_ON_APP_STOPPING=true \
  --user 1000:1000 --read-only "${tmpfs[@]}" \
  --cap-drop ALL --security-opt no-new-privileges "$image" >/dev/null
started_containers+=(smoke-aks)
wait_healthy "$aks_base/api/health" 180
query_and_compare "$aks_base"
# SIGTERM must reach the host (PID 1) so it drains (nothing runs now) and exits itself; 137 means docker had to kill it.
docker stop --time 60 smoke-aks >/dev/null
exit_code=$(docker inspect --format '{{.State.ExitCode}}' smoke-aks)
[[ "$exit_code" != 137 ]] || fail "the host ignored SIGTERM and was killed (exit 137)"
echo "SIGTERM: the host exited by itself (exit $exit_code)"

echo "== 4. as on App Service: WEBSITE_INSTANCE_ID set, HttpAuthLevel=function (the settings map's value there), uid 1000, /home from the image"
# App Service also sets the key that encrypts function keys at rest (azure-functions-host Program.cs, SecretsUtility.cs).
docker run --detach --name smoke-appservice --network "$network" --publish 8082:8080 --env-file "$env_file" \
  --env WEBSITE_HOSTNAME=localhost:8082 --env WEBSITE_INSTANCE_ID=smoke --env WEBSITE_SITE_NAME=smoke --env HttpAuthLevel=function \
  --env WEBSITE_AUTH_ENCRYPTION_KEY="$(openssl rand -hex 32 | tr a-f A-F)" \
  --user 1000:1000 --cap-drop ALL "$image" >/dev/null
started_containers+=(smoke-appservice)
wait_healthy http://localhost:8082/api/health 180
# Function keys apply there: a submit without a key is refused by the host itself.
keyless=$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:8082/api/submit/query?$query_range")
[[ "$keyless" == 401 ]] || fail "a submit without a function key answered $keyless, not 401"

echo "== 5. replay the histories the host recorded through the replay gate"
task_hub=$("${compose[@]}" config --format json | jq -er '.services["functions-app"].environment.TaskHubName')
# Azurite's History table through its published port (the exporter's default connection: UseDevelopmentStorage=true).
npx tsx test/app/replay/exportHistories.ts --hub "$task_hub" --out "$histories_dir" "${recorded_instances[@]}"
REPLAY_HISTORIES_DIR="$histories_dir" npx vitest run test/app/replay/replayGate.test.ts
echo "Histories in $histories_dir"

echo "SMOKE PASSED"
