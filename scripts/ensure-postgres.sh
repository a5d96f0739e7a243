#!/usr/bin/env bash
# Makes sure the PostgreSQL test server answers and the test database exists.
# The test suite refuses to skip PostgreSQL, so a missing server must fail here, loudly.
set -euo pipefail
HOST=${KRAFTSAMLING_PG_HOST:-127.0.0.1}
PORT=${KRAFTSAMLING_PG_PORT:-5432}
DB=${KRAFTSAMLING_PG_TEST_DB:-kraftsamling_test}

if ! pg_isready -q -h "$HOST" -p "$PORT"; then
  echo "PostgreSQL is not answering on $HOST:$PORT; trying to start the local cluster." >&2
  if [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  fi
  for _ in $(seq 1 30); do pg_isready -q -h "$HOST" -p "$PORT" && break; sleep 1; done
fi
if ! pg_isready -q -h "$HOST" -p "$PORT"; then
  echo "ERROR: PostgreSQL is required for the tests and is not reachable on $HOST:$PORT." >&2
  exit 1
fi
if ! psql -h "$HOST" -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  psql -h "$HOST" -p "$PORT" -U postgres -c "CREATE DATABASE $DB" >/dev/null
  echo "Created PostgreSQL database $DB."
fi
