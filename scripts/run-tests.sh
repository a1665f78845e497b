#!/usr/bin/env bash
# One command for the whole test suite: installs what the tests need (Python
# packages, Debian's PostgreSQL and Chromium, axe-core from npm, a real OpenSearch
# node from Maven Central), runs ruff, then
# the suite on SQLite (with browser tests) and again on a real PostgreSQL.
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

log "Tests on SQLite (including browser tests)"
(unset DATABASE_URL; run_pytest -q)

log "Tests on PostgreSQL"
ensure_postgres
run_pytest -q -m "not browser"
