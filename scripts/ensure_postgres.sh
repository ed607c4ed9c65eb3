#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on 127.0.0.1:5432 with a database `test`, for the storage
# tests. Machines that already run one are left alone; elsewhere Debian's server is installed and
# started. Prints the URL to use (the password is set only on a server this script starts).
set -euo pipefail
HOST=127.0.0.1 PORT=5432
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
if ! pg_isready -q -h $HOST -p $PORT 2>/dev/null; then
  if ! command -v pg_ctlcluster >/dev/null; then
    $SUDO apt-get update -qq && $SUDO DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$version" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -1)
    # pg_createcluster runs initdb as the postgres user itself (initdb refuses root).
    $SUDO pg_createcluster "$version" main --port $PORT >/dev/null
  fi
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 30); do pg_isready -q -h $HOST -p $PORT && break; sleep 1; done
  $SUDO runuser -u postgres -- psql -q -c "ALTER USER postgres PASSWORD 'wicara'" >/dev/null
fi
if ! psql "postgresql://postgres:wicara@$HOST:$PORT/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='test'" 2>/dev/null | grep -q 1; then
  psql "postgresql://postgres:wicara@$HOST:$PORT/postgres" -q -c "CREATE DATABASE test" >/dev/null
fi
echo "postgresql+psycopg://postgres:wicara@$HOST:$PORT/test"
