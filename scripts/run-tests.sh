#!/usr/bin/env bash
# One command for the whole test suite: installs what the tests need (Python
# packages, Debian's PostgreSQL and Chromium, axe-core from npm, a real OpenSearch
# node from Maven Central), runs ruff, then
# the suite on SQLite and on a real PostgreSQL side by side, then the browser tests.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
ensure_venv "[test]"
ensure_apt postgresql chromium fonts-dejavu-core
ensure_node_modules
ensure_opensearch
export PORTAL_CHROMIUM="${PORTAL_CHROMIUM:-/usr/bin/chromium}"
mkdir -p "$ROOT/artifacts"

log "ruff"
"$VENV/bin/ruff" check site plugins search tests bench docker
"$VENV/bin/ruff" format --check site plugins search tests bench docker

run_pytest() {
  local status=0
  "$VENV/bin/pytest" "$@" || status=$?
  if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests: that is a failure" >&2
    return 1
  fi
  return "$status"
}

# The suite runs on SQLite and on PostgreSQL side by side (one per core: run one after
# the other they took ~80 minutes), then the browser tests (SQLite, alone: they wait
# on a real Chromium) and the outage test, which stops the shared OpenSearch node and
# so must not overlap the other search tests.
OUTAGE=tests/search/test_outage.py
log "Tests on SQLite and on PostgreSQL, side by side (logs: artifacts/tests-*.log)"
ensure_postgres
(unset DATABASE_URL; run_pytest -q -m "not browser" --deselect "$OUTAGE") \
  >"$ROOT/artifacts/tests-sqlite.log" 2>&1 &
SQLITE=$!
run_pytest -q -m "not browser" --deselect "$OUTAGE" \
  >"$ROOT/artifacts/tests-postgresql.log" 2>&1 &
POSTGRES=$!
sqlite_status=0; postgres_status=0
wait "$SQLITE" || sqlite_status=$?
wait "$POSTGRES" || postgres_status=$?
log "SQLite (exit $sqlite_status)"; cat "$ROOT/artifacts/tests-sqlite.log"
log "PostgreSQL (exit $postgres_status)"; cat "$ROOT/artifacts/tests-postgresql.log"
if [ "$sqlite_status" -ne 0 ] || [ "$postgres_status" -ne 0 ]; then
  exit 1
fi

log "Browser tests (SQLite)"
(unset DATABASE_URL; run_pytest -q -m browser)

log "Outage test, alone (SQLite, then PostgreSQL)"
(unset DATABASE_URL; run_pytest -q "$OUTAGE")
run_pytest -q "$OUTAGE"
