#!/bin/sh
# Entry point of the portal image (Dockerfile). With PORTAL_MIGRATE=true it applies
# the database migrations before running the command; docker-compose.yml leaves it off
# for `web` and runs migrations once in the `migrate` service instead, so that several
# web containers never migrate concurrently. The flag is for single-container hosts.
set -eu

case "${PORTAL_MIGRATE:-false}" in
  true | 1 | yes)
    echo "entrypoint: applying database migrations" >&2
    portal migrate --no-input
    ;;
  false | 0 | no | "") ;;
  *)
    echo "entrypoint: PORTAL_MIGRATE must be true or false, not '${PORTAL_MIGRATE}'" >&2
    exit 64
    ;;
esac

exec "$@"
