#!/usr/bin/env bash
# Control-plane scale (issue 8): one coordinator member and N simulated agents (real agent protocol, real
# WebSockets on loopback, no kernel) with 20 networks and E endpoints; measures fan-out, join, the reconnect storm
# after a coordinator restart, heap and CPU. The last line is
#   fanout agents=N p50_ms=… p99_ms=… max_ms=… heap_mb=…
# Usage: bench/scale.sh --agents N [--members M] [--endpoints E] [--store URL] [--csv FILE] [--jfr FILE] [--no-build]
# With --members M > 1 the members share a PostgreSQL: --store postgresql://USER:PASS@HOST:PORT/DB (emptied first),
# or, without --store, a database weft_bench made afresh on this machine's PostgreSQL (started if installed; as root).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
agents=100 members=1 endpoints=100000 csv="" jfr="" build=1 store=""
while [ $# -gt 0 ]; do
  case "$1" in
    --agents) agents=$2; shift 2 ;;
    --members) members=$2; shift 2 ;;
    --endpoints) endpoints=$2; shift 2 ;;
    --csv) csv=$2; shift 2 ;;
    --store) store=$2; shift 2 ;;
    --jfr) jfr=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n 2,9p "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "scale.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
case "$agents$endpoints" in *[!0-9]*) echo "scale.sh: --agents and --endpoints take numbers" >&2; exit 2 ;; esac
case "$members" in ''|*[!0-9]*|0) echo "scale.sh: --members takes a number from 1" >&2; exit 2 ;; esac
if [ "$members" -gt 1 ] && [ -z "$store" ]; then
  # A fresh database on the local PostgreSQL, the way .ci/run provisions one for the cluster tests.
  pg_ver=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n1)
  if [ -z "$pg_ver" ] || [ "$(id -u)" != 0 ]; then
    echo "scale.sh: --members $members needs a PostgreSQL: pass --store postgresql://USER:PASS@HOST:PORT/DB, or run" \
      "as root on a machine with Debian's postgresql installed (apt-get install postgresql)" >&2
    exit 2
  fi
  pg_ctlcluster "$pg_ver" main start 2>/dev/null || pg_ctlcluster "$pg_ver" main status >/dev/null
  for _ in $(seq 1 30); do su postgres -c "psql -tAc 'SELECT 1'" >/dev/null 2>&1 && break; sleep 1; done
  su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='weft'\"" | grep -q 1 \
    || su postgres -c "psql -qc \"CREATE ROLE weft LOGIN PASSWORD 'weft'\""
  su postgres -c "dropdb --if-exists weft_bench && createdb -O weft weft_bench"
  store=postgresql://weft:weft@127.0.0.1:5432/weft_bench
fi

work=$(mktemp -d /tmp/weft-scale.XXXXXX)
bench_pid=""
cleanup() {
  if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then
    kill "$bench_pid" 2>/dev/null || true
    sleep 2
  fi
  # The coordinator is the bench JVM's child; ends with it, but make sure.
  for pid in "$work"/*.pid; do [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null || true; done
  rm -rf "$work/data-"*
}
trap cleanup EXIT INT TERM

if [ "$build" = 1 ]; then
  (cd "$root" && mvn -q -B -DskipTests package -pl common,agent,coordinator,scale) >&2
fi
# One socket per agent on each side, plus the coordinator's own: raise the descriptor limit.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 65536 2>/dev/null || true

# 2 event loops for the agents; heap for their tables (shared between agents of a network, see SharedTables).
extra=()
[ -n "$csv" ] && extra+=(--csv "$csv")
[ -n "$jfr" ] && extra+=(--jfr "$jfr")
[ -n "$store" ] && extra+=(--store "$store")
# Bounded: setup, idle, fan-out, join and storm each have their own timeouts inside; this is the outer bound.
# The simulator's heap: agents share tables per member's numbering (SharedTables), so M members need about M times it.
sim_heap=${WEFT_SCALE_SIM_HEAP:-$(( members > 1 ? 12 : 6 ))g}
timeout --kill-after=30 3600 java -Xmx"$sim_heap" -XX:+UseG1GC -jar "$root/scale/target/weft-scale.jar" \
  --agents "$agents" --members "$members" --endpoints "$endpoints" --work "$work" \
  --coordinator-jar "$root/coordinator/target/weft-coordinator.jar" "${extra[@]}" &
bench_pid=$!
wait "$bench_pid"
