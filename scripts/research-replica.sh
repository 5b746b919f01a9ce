#!/bin/sh
# A PostgreSQL 15 streaming replica of the local primary, for the research-database test and CI:
#   scripts/research-replica.sh start <port> <dir>   basebackup of 127.0.0.1:5432 into <dir>, standby on <port>
#   scripts/research-replica.sh stop <dir>           stops it and removes <dir>
# The primary needs wal_level=replica (the default) and a replication entry in pg_hba.conf; `start`
# adds `host replication all 127.0.0.1/32 trust` when it is missing and reloads the primary.
set -eu
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PRIMARY_PORT=${PRIMARY_PORT:-5432}
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
start)
  port=$2 dir=$3
  hba=$(psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -Atc 'SHOW hba_file')
  if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "$hba"; then
    echo 'host replication all 127.0.0.1/32 trust' >>"$hba"
    psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -Atc 'SELECT pg_reload_conf()' >/dev/null
  fi
  mkdir -p "$dir" && chmod 700 "$dir" && chown postgres "$dir" 2>/dev/null || true
  as_postgres "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$dir" -R -X stream -c fast
  # Debian keeps the primary's configuration in /etc: the standby gets its own, in its folder.
  as_postgres sh -c "touch '$dir/postgresql.conf' && printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' >'$dir/pg_hba.conf'"
  as_postgres "$BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c hot_standby=on" start >/dev/null
  echo "postgres://postgres@127.0.0.1:$port/postgres"
  ;;
stop)
  dir=$2
  [ -f "$dir/postmaster.pid" ] && as_postgres "$BIN/pg_ctl" -D "$dir" -m immediate -w stop >/dev/null || true
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start <port> <dir> | stop <dir>" >&2
  exit 2
  ;;
esac
