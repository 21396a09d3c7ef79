#!/usr/bin/env bash
# dockerd restarting under containers on a Weft network (issue 14): N containers (default 20, --restart always,
# --network blue) on lab host 3, then dockerd is stopped and started again, once with the agent up and once with it
# down (started again once dockerd answers, or after AGENT_AWAY=60 seconds). Prints how long dockerd took to answer and how long until every
# container ran again with its Weft address. Run ./demo.sh first.
source "$(dirname "$0")/lib.sh"
N=${N:-20}
H=3
require_weft
PIDFILE=/run/weftlab/procs/demo-agent-$H.pid
[[ -s $PIDFILE ]] || die "no $PIDFILE: run ./demo.sh first"
# the agent's command line, run again in lab host H's network namespace (its /proc cmdline is the java command
# that nsenter started)
AGENT_CMD=(nsenter --net="/var/run/netns/weftlab-$H")
while IFS= read -r -d '' a; do AGENT_CMD+=("$a"); done <"/proc/$(cat "$PIDFILE")/cmdline"
[[ ${AGENT_CMD[2]} != nsenter ]] || AGENT_CMD=("${AGENT_CMD[@]:2}")

names() { for ((k = 1; k <= N; k++)); do echo "weftbench-r$k"; done; }
cleanup() { dk "$H" rm -f $(names) >/dev/null 2>&1 || true; }
trap cleanup EXIT

stop_agent() {
  local pid; pid=$(cat "$PIDFILE")
  kill -TERM "$pid"; while [[ -d /proc/$pid ]]; do sleep 0.1; done
}
start_agent() {
  setsid "${AGENT_CMD[@]}" </dev/null >>"${WEFT_DEMO_DIR:-/var/lib/weft-demo}/agent-$H.log" 2>&1 &
  echo $! >"$PIDFILE"
}
restart_dockerd() {
  local pid; pid=$(cat "/run/weftlab/$H/docker.pid")
  kill -TERM "$pid"; while [[ -d /proc/$pid ]]; do sleep 0.1; done
  "$LAB" up 3 >/dev/null 2>&1 &
}
# seconds until every container runs with an address on blue
all_back() {
  local t0=$1 k ok
  while :; do
    ok=0
    for k in $(names); do
      [[ $(dk "$H" inspect -f "{{.State.Running}} {{(index .NetworkSettings.Networks \"$WEFT_NET\").IPAddress}}" "$k" \
        2>/dev/null) == true\ [0-9]* ]] && ok=$((ok + 1))
    done
    ((ok == N)) && break
    (($(date +%s) - t0 < 300)) || { say "only $ok of $N back after 300 s"; break; }
    sleep 0.5
  done
  echo $(($(date +%s) - t0))
}
answers() { # seconds until dockerd answers
  local t0=$1
  until timeout 2 docker -H "unix:///run/weftlab/$H/docker.sock" version >/dev/null 2>&1; do sleep 0.1; done
  echo $(($(date +%s) - t0))
}

cleanup
for k in $(names); do dk "$H" run -d --restart always --name "$k" --network "$WEFT_NET" weft/busybox:lab sleep 1d >/dev/null; done
say "$N containers on $WEFT_NET on lab host $H"

t0=$(date +%s); restart_dockerd
up_answer=$(answers "$t0"); up_back=$(all_back "$t0")
echo "agent up:   dockerd answered after ${up_answer}s, all $N containers back with their address after ${up_back}s"

# the agent down while dockerd starts: started again when dockerd answers, or after AGENT_AWAY seconds
AGENT_AWAY=${AGENT_AWAY:-60}
stop_agent
t0=$(date +%s); restart_dockerd
until timeout 2 docker -H "unix:///run/weftlab/$H/docker.sock" version >/dev/null 2>&1 || (($(date +%s) - t0 >= AGENT_AWAY)); do sleep 0.2; done
away=$(($(date +%s) - t0))
start_agent
down_answer=$(answers "$t0")
down_back=$(all_back "$t0")
echo "agent down: agent started again after ${away}s; dockerd answered after ${down_answer}s, all $N back after ${down_back}s"
