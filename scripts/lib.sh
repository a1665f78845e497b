# Shared setup steps for scripts/run-portal.sh and scripts/run-tests.sh.
# Every step is idempotent: a fresh machine gets everything, a warm one skips.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

ensure_venv() {
  local extras="${1:-}"
  if [ ! -x "$VENV/bin/python" ]; then
    log "Creating virtualenv in .venv"
    "$PY" -m venv "$VENV"
    "$VENV/bin/pip" install -q --upgrade pip
  fi
  local stamp="$VENV/.installed$extras"
  if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ] || [ "$ROOT/constraints.txt" -nt "$stamp" ]; then
    log "Installing the portal and its dependencies (constraints.txt)"
    "$VENV/bin/pip" install -q -c "$ROOT/constraints.txt" -e "$ROOT$extras"
    touch "$stamp"
  fi
}

APT_UPDATED=0
ensure_apt() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "Installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if [ "$APT_UPDATED" -eq 0 ]; then $sudo apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

ensure_node_modules() {
  if [ ! -d "$ROOT/node_modules/axe-core" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
    log "Installing npm packages (axe-core)"
    (cd "$ROOT" && npm ci --silent --no-audit --no-fund)
  fi
}

# Starts Debian's PostgreSQL cluster and creates the `portal` role; prints DATABASE_URL.
ensure_postgres() {
  ensure_apt postgresql
  local version
  version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
  if ! pg_lsclusters -h | grep -q "^$version main"; then
    pg_createcluster "$version" main >/dev/null
  fi
  pg_ctlcluster "$version" main start 2>/dev/null || true
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
  done
  su postgres -c "psql -q -tAc \"SELECT 1 FROM pg_roles WHERE rolname='portal'\"" | grep -q 1 ||
    su postgres -c "psql -q -c \"CREATE ROLE portal LOGIN CREATEDB PASSWORD 'portal'\""
  su postgres -c "psql -q -tAc \"SELECT 1 FROM pg_database WHERE datname='portal'\"" | grep -q 1 ||
    su postgres -c "createdb -O portal portal"
  export DATABASE_URL="postgres://portal:portal@127.0.0.1:5432/portal"
}

# Starts the real OpenSearch node for the tests (scripts/opensearch.sh,
# docs/search-node.md) and exports PORTAL_TEST_OPENSEARCH_URL. A node started here is
# stopped when the calling script exits; one that was already running is left alone.
ensure_opensearch() {
  local script="$ROOT/scripts/opensearch.sh"
  if ! bash "$script" status >/dev/null 2>&1; then
    log "Starting OpenSearch for the search tests (scripts/opensearch.sh)"
    bash "$script" start >/dev/null
    trap 'bash "$ROOT/scripts/opensearch.sh" stop' EXIT
  fi
  PORTAL_TEST_OPENSEARCH_URL="$(bash "$script" url)"
  export PORTAL_TEST_OPENSEARCH_URL
}
