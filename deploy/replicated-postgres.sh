#!/usr/bin/env bash
# A PostgreSQL primary with a synchronous streaming standby on one machine, to try a failover:
#
#   deploy/replicated-postgres.sh up        primary on 5433, standby on 5434, replicating
#   deploy/replicated-postgres.sh url       the JDBC URL naming both (database.url)
#   deploy/replicated-postgres.sh failover  stop the primary at once, promote the standby
#   deploy/replicated-postgres.sh down      stop both and delete their data
#
# Uses PostgreSQL 15's server binaries (Debian: apt-get install postgresql-15); as root it runs
# them as the postgres user. State and logs in deploy/replicated/. In production the same shape is
# two machines, with a failover tool (Patroni, pg_auto_failover, a managed service) in place of
# the failover command here.
set -euo pipefail
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DIR="$(cd "$(dirname "$0")" && pwd)/replicated"
PRIMARY_PORT=${PRIMARY_PORT:-5433}
STANDBY_PORT=${STANDBY_PORT:-5434}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

settings() {
  cat <<CONF
port = $1
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
wal_level = replica
max_wal_senders = 5
hot_standby = on
CONF
}

up() {
  [ -x "$BIN/pg_basebackup" ] || { echo "no $BIN/pg_basebackup: apt-get install postgresql-15" >&2; exit 1; }
  mkdir -p "$DIR" && chmod 777 "$DIR"
  as_postgres "$BIN/initdb" -D "$DIR/primary" -U postgres --auth=trust -E UTF8 >/dev/null
  # synchronous: a commit (an enqueue answered 201, an ack) waits until the standby has it
  { settings "$PRIMARY_PORT"; echo "synchronous_standby_names = 'standby'"; echo "synchronous_commit = on"; } \
    | as_postgres tee -a "$DIR/primary/postgresql.conf" >/dev/null
  as_postgres "$BIN/pg_ctl" -D "$DIR/primary" -l "$DIR/primary.log" -w start >/dev/null
  as_postgres "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$DIR/standby" -R -X stream
  # once promoted, the standby has no standby of its own: it must not wait for one
  { echo "port = $STANDBY_PORT"; echo "synchronous_standby_names = ''";
    echo "primary_conninfo = 'host=127.0.0.1 port=$PRIMARY_PORT user=postgres application_name=standby'"; } \
    | as_postgres tee -a "$DIR/standby/postgresql.auto.conf" >/dev/null
  as_postgres "$BIN/pg_ctl" -D "$DIR/standby" -l "$DIR/standby.log" -w start >/dev/null
  echo "primary on $PRIMARY_PORT, standby on $STANDBY_PORT"
  url
}

url() {
  echo "jdbc:postgresql://127.0.0.1:$PRIMARY_PORT,127.0.0.1:$STANDBY_PORT/postgres?targetServerType=primary"
}

failover() {
  as_postgres "$BIN/pg_ctl" -D "$DIR/primary" -m immediate stop
  as_postgres "$BIN/pg_ctl" -D "$DIR/standby" -w promote
}

down() {
  for server in primary standby; do
    [ -f "$DIR/$server/postmaster.pid" ] && as_postgres "$BIN/pg_ctl" -D "$DIR/$server" -m fast stop || true
  done
  rm -rf "$DIR"
}

case "${1:-}" in
  up) up ;;
  url) url ;;
  failover) failover ;;
  down) down ;;
  *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
