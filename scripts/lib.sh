# Shared helpers for scripts/test and scripts/bench (sourced, not run).

# A free TCP port on loopback.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Installs Debian packages that are missing (we run as root on CI and developer machines).
ensure_apt() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Starts a throw-away PostgreSQL cluster owned by the postgres user (it refuses to run as root).
# Sets PG_URL; stop it with stop_postgres. `start_postgres durable` keeps fsync on (benchmarks);
# the test suite runs without fsync, since its data is thrown away.
start_postgres() {
  local durability="-c fsync=off"
  [ "${1:-}" = durable ] && durability=
  ensure_apt postgresql
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PG_DIR=$(mktemp -d /tmp/si-pg.XXXXXX)
  chown postgres "$PG_DIR"
  PG_PORT=$(free_port)
  su postgres -s /bin/sh -c "$bin/initdb -D $PG_DIR/data -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
  su postgres -s /bin/sh -c "$bin/pg_ctl -D $PG_DIR/data -l $PG_DIR/log -w -o '-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 $durability' start" >/dev/null
  su postgres -s /bin/sh -c "$bin/createdb -h 127.0.0.1 -p $PG_PORT startintegration"
  PG_BIN=$bin
  PG_URL="postgres://postgres:unused@127.0.0.1:$PG_PORT/startintegration?sslmode=disable"
  echo "==> PostgreSQL on port $PG_PORT"
}

stop_postgres() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D $PG_DIR/data -m immediate stop" >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}

# Waits until the app answers /healthz.
wait_for_app() {
  local url=$1
  for _ in $(seq 1 120); do
    curl -fs "$url/healthz" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "the app did not start at $url" >&2
  return 1
}

# A PostgreSQL cluster kept in a folder for later runs (benchmarks with a large data set).
start_postgres_keep() {
  local dir=$1
  ensure_apt postgresql
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  mkdir -p "$dir"
  chown postgres "$dir"
  PG_PORT=$(free_port)
  if [ ! -d "$dir/data" ]; then
    su postgres -s /bin/sh -c "$bin/initdb -D $dir/data -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
    FRESH=1
  fi
  su postgres -s /bin/sh -c "$bin/pg_ctl -D $dir/data -l $dir/log -w -o '-p $PG_PORT -k $dir -c listen_addresses=127.0.0.1' start" >/dev/null
  [ -n "${FRESH:-}" ] && su postgres -s /bin/sh -c "$bin/createdb -h 127.0.0.1 -p $PG_PORT startintegration"
  PG_BIN=$bin
  PG_KEEP_DIR=$dir
  PG_URL="postgres://postgres:unused@127.0.0.1:$PG_PORT/startintegration?sslmode=disable"
  echo "==> PostgreSQL (kept in $dir) on port $PG_PORT"
}

stop_postgres_keep() {
  if [ -n "${PG_KEEP_DIR:-}" ]; then
    su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D $PG_KEEP_DIR/data -m fast stop" >/dev/null 2>&1 || true
  fi
}
