#!/usr/bin/env bash
# A dockerd of the coordinator tests alone (Testcontainers PostgreSQL), in the root network namespace on its own
# socket, data root and exec root, so that it never meets the e2e lab's dockerds (lab/lab.sh) or a system dockerd.
# It changes no firewall rule, no sysctl and makes no bridge: containers run with --network host only.
#   dockerd.sh start      start it unless it answers already; prints the DOCKER_HOST to use (idempotent)
#   dockerd.sh stop       remove its containers and stop it (test.sh's cleanup; nothing stays running)
#   dockerd.sh stop-idle  stop it only when it runs no container (the test JVM's exit: another run may still use it)
set -euo pipefail
RUN=${WEFT_TEST_DOCKER_RUN:-/run/weft-test-docker}
LIB=${WEFT_TEST_DOCKER_LIB:-/var/lib/weft-test-docker}
SOCK=$RUN/docker.sock
HOST=unix://$SOCK
WAIT=${WEFT_TEST_DOCKER_WAIT:-60}

dk() { docker -H "$HOST" "$@"; }
answers() { [[ -S $SOCK ]] && dk version >/dev/null 2>&1; }
pid() { [[ -s $RUN/docker.pid ]] && cat "$RUN/docker.pid"; }
running() { local p; p=$(pid) || return 1; [[ -d /proc/$p ]] && grep -q dockerd "/proc/$p/comm" 2>/dev/null; }

start() {
  [[ $(id -u) -eq 0 ]] || { echo "dockerd.sh: must run as root" >&2; exit 1; }
  command -v dockerd >/dev/null || { echo "dockerd.sh: no dockerd (apt-get install docker.io)" >&2; exit 1; }
  mkdir -p "$RUN/exec" "$LIB/docker"
  exec 9>"$RUN/lock"
  flock -w "$WAIT" 9 || { echo "dockerd.sh: $RUN/lock held for ${WAIT}s by another start" >&2; exit 1; }
  if ! running; then
    rm -f "$RUN/docker.pid" "$SOCK"
    setsid dockerd \
      --data-root "$LIB/docker" --exec-root "$RUN/exec" --pidfile "$RUN/docker.pid" -H "$HOST" \
      --containerd-namespace weft-test --containerd-plugins-namespace weft-test-plugins \
      --bridge=none --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false \
      --storage-driver overlay2 </dev/null >>"$LIB/dockerd.log" 2>&1 9>&- &
    disown || true
  fi
  local deadline=$((SECONDS + WAIT))
  until answers; do
    if ((SECONDS > deadline)); then
      tail -n 30 "$LIB/dockerd.log" >&2 || true
      echo "dockerd.sh: dockerd on $HOST did not answer within ${WAIT}s (log: $LIB/dockerd.log)" >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "$HOST"
}

stop() {
  local idle_only=$1 p
  [[ -d $RUN ]] || return 0
  exec 9>"$RUN/lock"
  flock -w "$WAIT" 9 || true
  running || { rm -f "$RUN/docker.pid" "$SOCK"; return 0; }
  if answers; then
    local ids
    ids=$(dk ps -q)
    if [[ -n $ids ]]; then
      [[ $idle_only == yes ]] && return 0
      dk rm -f $ids >/dev/null 2>&1 || true
    fi
  fi
  p=$(pid)
  kill "$p" 2>/dev/null || true
  for _ in $(seq 1 150); do [[ -d /proc/$p ]] || break; sleep 0.2; done
  [[ -d /proc/$p ]] && kill -9 "$p" 2>/dev/null || true
  rm -f "$RUN/docker.pid" "$SOCK"
}

case ${1:-} in
  start) start ;;
  stop) stop no ;;
  stop-idle) stop yes ;;
  *) echo "usage: $0 start|stop|stop-idle" >&2; exit 2 ;;
esac
