#!/bin/sh
# Container entry point: apply the database migrations, then replace this shell with gunicorn
# (so it receives the container's stop signal directly). Any other command is run as given,
# e.g. `docker compose run kit impact-kit facilitator create you@nhs.net`.
set -eu

GUNICORN_CONFIG="${GUNICORN_CONFIG:-/etc/impact-kit/gunicorn.conf.py}"

if [ "$#" -gt 0 ] && [ "$1" != "serve" ]; then
  exec "$@"
fi

echo "impact-kit: applying database migrations"
impact-kit db upgrade
impact-kit facilitator setup-link --base-url "${PUBLIC_BASE_URL:-http://127.0.0.1:${PORT:-8000}}"
echo "impact-kit: serving on ${HOST:-0.0.0.0}:${PORT:-8000}"
exec gunicorn --config "$GUNICORN_CONFIG" 'workshop.app:create_app()'
