#!/usr/bin/env bash
# One command for a fresh machine: virtualenv, install, SQLite migrate, demo data,
# an admin login, and the site at http://127.0.0.1:8000.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
ensure_venv
export DJANGO_SETTINGS_MODULE=portal.settings.dev
PORTAL="$VENV/bin/portal"
log "Migrating the SQLite database (var/portal.sqlite3)"
mkdir -p "$ROOT/var"
"$PORTAL" migrate --no-input -v0
log "Loading demo data (portal demo)"
"$PORTAL" demo
"$PORTAL" createadmin
log "Starting the worker for large imports (portal db_worker --backend imports)"
"$PORTAL" db_worker --backend imports --no-reload >"$ROOT/var/import-worker.log" 2>&1 &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null' EXIT INT TERM
log "Serving at http://127.0.0.1:${PORT:-8000}/  (admin: http://127.0.0.1:${PORT:-8000}/admin/)"
"$PORTAL" runserver "127.0.0.1:${PORT:-8000}"
