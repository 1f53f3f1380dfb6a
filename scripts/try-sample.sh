#!/usr/bin/env bash
# Does what the README promises for the sample on a fresh clone, and fails (exit code 1) if any step does not:
#   1. builds and installs the modules:  ./mvnw -q -DskipTests install
#   2. starts the sample:                ./mvnw -q -pl sample-app spring-boot:run   (in the background, under a
#      pseudo-terminal of its own, made by `script`, as if typed into a terminal)
#   3. waits until it is ready and runs the commands it prints: creates an order and checks that it is billed,
#      that its e-mail was sent and its status broadcast; creates a failing order and checks that it is
#      dead-lettered; lists the listeners and replays the dead letters through the actuator endpoint (when the
#      endpoint exists)
#   4. stops it the way Ctrl-C in a terminal does, with SIGINT to the terminal's whole foreground process group,
#      and checks that it exits cleanly, that its output from then on holds no WARN and no stack trace, and that
#      none of the redis-server processes it started (by the pids it printed) is left behind.
#
# Needs a JDK 17+, bash, curl, GNU env and util-linux's script and setsid (Debian: coreutils, bsdutils and
# util-linux). Settings (environment variables):
#   SAMPLE_PORT=8080        HTTP port of the sample
#   START_TIMEOUT=180       seconds to wait for the build and the start
#   FLOW_TIMEOUT=30         seconds to wait for an order to go through
#   SKIP_INSTALL=false      true: skip step 1 and use the modules already installed in ~/.m2
#   MVN_FLAGS=              extra flags for every ./mvnw call, for example -o (offline)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${SAMPLE_PORT:-8080}
START_TIMEOUT=${START_TIMEOUT:-180}
FLOW_TIMEOUT=${FLOW_TIMEOUT:-30}
SKIP_INSTALL=${SKIP_INSTALL:-false}
read -r -a MVN_FLAGS <<< "${MVN_FLAGS:-}"
BASE=http://localhost:$PORT
JSON='Content-Type: application/json'
LOG=$(mktemp -t try-sample.XXXXXX.log)

SCRIPT_PID=
WATCH_PID=
APP_PID=
REDIS_PIDS=()

say() { printf '\n[try-sample] %s\n' "$*"; }

fail() {
	printf '\n[try-sample] FAIL: %s\n' "$*" >&2
	printf '[try-sample] last lines of the application output (%s):\n' "$LOG" >&2
	tail -n 40 "$LOG" >&2 || true
	exit 1
}

# Every process below $1 (children, grandchildren, ...). pgrep -P works on Linux and macOS.
descendants() {
	local child
	for child in $(pgrep -P "$1" 2>/dev/null || true); do
		echo "$child"
		descendants "$child"
	done
}

alive() { kill -0 "$1" 2>/dev/null; }

# The pids of the redis-server processes the sample started, as it printed them. They run in a session of their
# own, so neither the terminal's Ctrl-C nor the process tree finds them, and the command name would not either:
# Debian's redis-server is a link to redis-check-rdb.
printed_redis_pids() {
	sed -n 's/.*(redis-server pids: \([0-9 ]*\)).*/\1/p' "$LOG" | tail -n 1
}

# On any exit: never leave the application or its Redis running, even after a failure.
cleanup() {
	local pid
	if [[ -n "$APP_PID" ]] && alive "$APP_PID"; then kill -TERM "$APP_PID" 2>/dev/null || true; sleep 5; fi
	if [[ -n "$APP_PID" ]] && alive "$APP_PID"; then kill -KILL "$APP_PID" 2>/dev/null || true; fi
	if [[ -n "$SCRIPT_PID" ]] && alive "$SCRIPT_PID"; then kill -TERM "$SCRIPT_PID" 2>/dev/null || true; fi
	for pid in $(printed_redis_pids); do
		if alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
	done
}
trap cleanup EXIT

# Polls "$2" (a command) until it succeeds, for at most $1 seconds; the application must stay alive meanwhile.
await() {
	local timeout=$1; shift
	local deadline=$((SECONDS + timeout))
	until "$@"; do
		if ((SECONDS >= deadline)); then return 1; fi
		if [[ -n "$WATCH_PID" ]] && ! alive "$WATCH_PID"; then fail "the application exited"; fi
		sleep 1
	done
}

ready() { curl -sf "$BASE/actuator/health/readiness" >/dev/null 2>&1; }

# Prints order $1 and succeeds if its JSON contains every further argument.
order_has() {
	local id=$1; shift
	local body
	body=$(curl -s "$BASE/orders/$id") || return 1
	local expected
	for expected in "$@"; do
		[[ "$body" == *"$expected"* ]] || return 1
	done
	echo "$body"
}

status_of() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

cd "$ROOT"

script --version 2>/dev/null | grep -q util-linux \
	|| fail "util-linux's script is needed to run the sample under a pseudo-terminal (Debian: apt-get install bsdutils)"
command -v setsid >/dev/null || fail "setsid is needed (Debian: apt-get install util-linux)"

if curl -s -o /dev/null "$BASE" 2>/dev/null; then
	fail "port $PORT is already in use; set SAMPLE_PORT"
fi

if [[ "$SKIP_INSTALL" != true ]]; then
	say "building: ./mvnw -q -DskipTests install"
	./mvnw "${MVN_FLAGS[@]}" -q -DskipTests install || fail "the build failed"
fi

RUN=(./mvnw "${MVN_FLAGS[@]}" -q -pl sample-app spring-boot:run)
if [[ "$PORT" != 8080 ]]; then RUN+=("-Dspring-boot.run.arguments=--server.port=$PORT"); fi
say "starting: ${RUN[*]}   (under a pseudo-terminal; output in $LOG)"
# script gives the command a session and a terminal of its own, whose foreground process group is the command's;
# -e passes on its exit status. A background job of a script starts with SIGINT ignored, and a JVM keeps it so:
# env restores the default, which a command typed into a terminal has.
env --default-signal=INT script -qfec "$(printf '%q ' "${RUN[@]}")" /dev/null >"$LOG" 2>&1 &
SCRIPT_PID=$!
WATCH_PID=$SCRIPT_PID

await "$START_TIMEOUT" ready || fail "the application did not become ready on $BASE within $START_TIMEOUT s"
grep -q "redis-messaging sample is ready on" "$LOG" || fail "the application did not print how to try it"

for pid in $(descendants "$SCRIPT_PID"); do
	args=$(ps -o args= -p "$pid" 2>/dev/null || true)
	if [[ "$args" == *io.github.redismessaging.sample.SampleApplication* ]]; then APP_PID=$pid; fi
done
[[ -n "$APP_PID" ]] || fail "could not find the application's process below the script process $SCRIPT_PID"
FOREGROUND=$(ps -o tpgid= -p "$APP_PID" | tr -d ' ')
[[ "$FOREGROUND" =~ ^[1-9][0-9]*$ ]] || fail "the application has no terminal with a foreground process group"
read -r -a REDIS_PIDS <<< "$(printed_redis_pids)"
for pid in ${REDIS_PIDS[@]+"${REDIS_PIDS[@]}"}; do
	alive "$pid" || fail "redis-server $pid, printed by the application, is not running"
	[[ "$(ps -o pgid= -p "$pid" | tr -d ' ')" != "$FOREGROUND" ]] \
		|| fail "redis-server $pid is in the terminal's foreground process group $FOREGROUND: Ctrl-C would kill it"
done
say "ready: application pid $APP_PID, embedded redis-server pids: ${REDIS_PIDS[*]:-none (Redis configured by the environment)}"

say "curl -s -X POST $BASE/orders -H '$JSON' -d '{\"id\":\"42\",\"amount\":10.5}'"
curl -sf -X POST "$BASE/orders" -H "$JSON" -d '{"id":"42","amount":10.5}' || fail "could not create order 42"
say "curl -s $BASE/orders/42   (until billed, e-mail sent and status received, at most $FLOW_TIMEOUT s)"
await "$FLOW_TIMEOUT" order_has 42 '"billed":true' '"emailSent":true' '"status":"BILLED"' \
	|| fail "order 42 was not billed, mailed and broadcast within $FLOW_TIMEOUT s: $(curl -s "$BASE/orders/42")"

say "curl -s -X POST $BASE/orders -H '$JSON' -d '{\"id\":\"43\",\"amount\":99,\"fail\":true}'"
curl -sf -X POST "$BASE/orders" -H "$JSON" -d '{"id":"43","amount":99,"fail":true}' || fail "could not create order 43"
say "curl -s $BASE/orders/43   (until dead-lettered after 3 deliveries, at most $((FLOW_TIMEOUT + 30)) s)"
await $((FLOW_TIMEOUT + 30)) order_has 43 '"deadLettered":true' '"billingAttempts":3' \
	|| fail "order 43 was not dead-lettered: $(curl -s "$BASE/orders/43")"

say "curl -s $BASE/actuator/redismessaging"
listeners=$(status_of "$BASE/actuator/redismessaging")
if [[ "$listeners" == 404 ]]; then
	say "the actuator endpoint redismessaging is not available in this build: skipping the listing and the replay"
	curl -sf -X POST "$BASE/payments/repair" || fail "could not repair the payment gateway"
else
	[[ "$listeners" == 200 ]] || fail "GET /actuator/redismessaging answered $listeners"
	curl -s "$BASE/actuator/redismessaging"
	say "curl -s $BASE/actuator/redismessaging/billing/dead-letters"
	curl -sf "$BASE/actuator/redismessaging/billing/dead-letters" || fail "could not read the dead letters"
	say "curl -s -X POST $BASE/payments/repair"
	curl -sf -X POST "$BASE/payments/repair" || fail "could not repair the payment gateway"
	say "curl -s -X POST $BASE/actuator/redismessaging/billing/dead-letters -H '$JSON' -d '{\"count\":10}'"
	curl -sf -X POST "$BASE/actuator/redismessaging/billing/dead-letters" -H "$JSON" -d '{"count":10}' \
		|| fail "could not replay the dead letters"
	say "curl -s $BASE/orders/43   (until billed after the replay)"
	await "$FLOW_TIMEOUT" order_has 43 '"billed":true' '"deadLettered":false' \
		|| fail "order 43 was not billed after the replay: $(curl -s "$BASE/orders/43")"
	for action in pause resume; do
		say "curl -s -X POST $BASE/actuator/redismessaging/emails -H '$JSON' -d '{\"action\":\"$action\"}'"
		curl -sf -X POST "$BASE/actuator/redismessaging/emails" -H "$JSON" -d "{\"action\":\"$action\"}" \
			|| fail "could not $action the listener emails"
	done
fi

say "stopping the application with Ctrl-C: SIGINT to the terminal's foreground process group $FOREGROUND"
WATCH_PID=
# The demo's failing order logs warnings on purpose: only the output from here on must hold none.
running_lines=$(wc -l < "$LOG")
kill -INT -- "-$FOREGROUND"
await 60 bash -c "! kill -0 $APP_PID 2>/dev/null" || fail "the application did not exit within 60 s of Ctrl-C"
mvn_status=0
deadline=$((SECONDS + 30))
while alive "$SCRIPT_PID" && ((SECONDS < deadline)); do sleep 1; done
alive "$SCRIPT_PID" && fail "Maven did not exit after the application had stopped"
wait "$SCRIPT_PID" || mvn_status=$?
[[ "$mvn_status" == 0 ]] || fail "spring-boot:run exited with $mvn_status after Ctrl-C"
SCRIPT_PID=

stop_output=$(tail -n +$((running_lines + 1)) "$LOG")
warnings=$(grep -E '\bWARN\b' <<< "$stop_output" || true)
[[ -z "$warnings" ]] || fail "the application logged warnings while stopping:"$'\n'"$warnings"
traces=$(grep -E '^[[:space:]]+at [[:alnum:]_$.]+\(|^Caused by: ' <<< "$stop_output" || true)
[[ -z "$traces" ]] || fail "the application printed a stack trace while stopping:"$'\n'"$traces"

left=()
for pid in ${REDIS_PIDS[@]+"${REDIS_PIDS[@]}"}; do
	if alive "$pid"; then left+=("$pid"); fi
done
((${#left[@]} == 0)) || fail "redis-server processes left running after the stop: ${left[*]:-}"

say "OK: order billed, e-mail sent, status received, failing order dead-lettered; stopped cleanly by Ctrl-C with no warning, ${#REDIS_PIDS[@]} embedded redis-server processes gone"
