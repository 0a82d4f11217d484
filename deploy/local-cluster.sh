#!/usr/bin/env bash
# A local cluster on loopback: one PostgreSQL, three nodes, HAProxy in front.
#   deploy/local-cluster.sh up       start everything (builds the jar if needed)
#   deploy/local-cluster.sh status   readiness of each node and of the load balancer
#   deploy/local-cluster.sh down     stop everything
# Ports: HAProxy 8080, nodes 8081-8083, PostgreSQL 15432 (override with HAPROXY_PORT, NODE_PORT_BASE,
# PG_PORT). State and logs live in deploy/local/.
set -euo pipefail
cd "$(dirname "$0")/.."

HERE=deploy/local
JAR=scheduler-app/target/scheduler-app.jar
export HAPROXY_PORT=${HAPROXY_PORT:-8080}
NODE_PORT_BASE=${NODE_PORT_BASE:-8080}
PG_PORT=${PG_PORT:-15432}
export NODE1_PORT=$((NODE_PORT_BASE + 1)) NODE2_PORT=$((NODE_PORT_BASE + 2)) NODE3_PORT=$((NODE_PORT_BASE + 3))

node_conf() { # name port
  local dir="$HERE/$1/conf"
  mkdir -p "$dir"
  sed -e "s|port: \${SCHEDULER_HTTP_PORT:-8080}|port: $2|" \
      -e "s|name: \${SCHEDULER_NODE_NAME:-}|name: $1|" conf/scheduler.yaml > "$dir/scheduler.yaml"
  cp conf/jobs.yaml "$dir/jobs.yaml"
  echo "$dir"
}

wait_ready() { # url seconds
  for _ in $(seq 1 "$2"); do
    if curl -fs -o /dev/null "$1"; then return 0; fi
    sleep 1
  done
  echo "not ready: $1" >&2
  return 1
}

up() {
  command -v haproxy >/dev/null || { echo "haproxy is not installed (apt-get install haproxy)" >&2; exit 1; }
  [ -f "$JAR" ] || mvn -q package -DskipTests
  mkdir -p "$HERE"
  local url="jdbc:postgresql://localhost:$PG_PORT/scheduler"

  local pgconf="$HERE/postgres/conf"
  mkdir -p "$pgconf"
  sed -e "s|port: \${SCHEDULER_EMBEDDED_DATABASE_PORT:-15432}|port: $PG_PORT|" \
      -e "s|dataDirectory: data/postgres|dataDirectory: $PWD/$HERE/postgres/data|" \
      conf/scheduler.yaml > "$pgconf/scheduler.yaml"
  cp conf/jobs.yaml "$pgconf/jobs.yaml"
  env -u SCHEDULER_DATABASE_URL nohup java -jar "$JAR" db embedded --conf "$pgconf" > "$HERE/postgres.log" 2>&1 &
  echo $! > "$HERE/postgres.pid"
  for _ in $(seq 1 90); do
    grep -q "Embedded PostgreSQL is up" "$HERE/postgres.log" && break
    sleep 1
  done
  grep -q "Embedded PostgreSQL is up" "$HERE/postgres.log" || { echo "PostgreSQL did not start; see $HERE/postgres.log" >&2; exit 1; }

  for i in 1 2 3; do
    local port_var="NODE${i}_PORT"
    local dir
    dir=$(node_conf "n$i" "${!port_var}")
    SCHEDULER_DATABASE_URL="$url" nohup java -Xmx512m -jar "$JAR" serve --conf "$dir" > "$HERE/n$i.log" 2>&1 &
    echo $! > "$HERE/n$i.pid"
  done
  for i in 1 2 3; do
    local port_var="NODE${i}_PORT"
    wait_ready "http://127.0.0.1:${!port_var}/health/ready" 90
  done

  haproxy -f deploy/haproxy.cfg -D -p "$PWD/$HERE/haproxy.pid"
  wait_ready "http://127.0.0.1:$HAPROXY_PORT/health/ready" 30
  echo "up: http://127.0.0.1:$HAPROXY_PORT (nodes on $NODE1_PORT-$NODE3_PORT, PostgreSQL on $PG_PORT)"
}

status() {
  for i in 1 2 3; do
    local port_var="NODE${i}_PORT"
    printf 'n%s  %s\n' "$i" "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${!port_var}/health/ready" || true)"
  done
  printf 'lb  %s\n' "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HAPROXY_PORT/health/ready" || true)"
}

stop_pid() {
  local file="$HERE/$1.pid"
  [ -f "$file" ] || return 0
  local pid
  pid=$(cat "$file")
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  fi
  rm -f "$file"
}

down() {
  stop_pid haproxy
  for i in 1 2 3; do stop_pid "n$i"; done
  stop_pid postgres
  echo down
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
