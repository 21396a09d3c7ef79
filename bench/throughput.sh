#!/usr/bin/env bash
# Throughput: iperf3 (one TCP stream, DURATION s, RUNS runs, median and max) between containers on lab hosts 1
# and 2 over Weft, over Docker Swarm's overlay, and over the bare underlay (host-network containers).
# Run ./demo.sh first.
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-3}
DURATION=${DURATION:-5}
require_weft
cleanup() {
  local i
  for i in 1 2; do dk "$i" rm -f weftbench-srv-weft weftbench-srv-swarm weftbench-srv-host weftbench-cli-weft \
    weftbench-cli-swarm weftbench-cli-host >/dev/null 2>&1 || true; done
  swarm_down_quiet
}
trap cleanup EXIT
cleanup
swarm_up

img=weft/iperf3:lab
s=$(dk 1 run -d --name weftbench-srv-weft --label "weft.networks=$WEFT_NET" $img iperf3 -s -p 5201)
c=$(dk 2 run -d --name weftbench-cli-weft --label "weft.networks=$WEFT_NET" $img sleep 1d)
dk 1 run -d --name weftbench-srv-swarm --network "$SWARM_NET" $img iperf3 -s -p 5201 >/dev/null
dk 2 run -d --name weftbench-cli-swarm --network "$SWARM_NET" $img sleep 1d >/dev/null
dk 1 run -d --name weftbench-srv-host --network host $img iperf3 -s -p 5299 >/dev/null
dk 2 run -d --name weftbench-cli-host --network host $img sleep 1d >/dev/null
WEFT_IP=$(wait_weft_ip "$WEFT_NET" "$s")
wait_weft_ip "$WEFT_NET" "$c" >/dev/null
SWARM_IP=$(overlay_ip 1 weftbench-srv-swarm)
say "servers: weft $WEFT_IP, swarm $SWARM_IP, underlay 10.77.0.1"

run() { # CLIENT TARGET PORT -> Gbit/s
  local deadline=$((SECONDS + 60)) out
  until dk 2 exec "$1" ping -c 1 -W 1 "$2" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "$1 cannot reach $2"
  done
  out=$(dk 2 exec "$1" iperf3 -c "$2" -p "$3" -t "$DURATION" -f g) || die "iperf3 $1 -> $2 failed: $out"
  grep receiver <<<"$out" | tail -n1 | awk '{for (i = 1; i < NF; i++) if ($(i+1) == "Gbits/sec") print $i}'
}

declare -A R=()
for ((n = 1; n <= RUNS; n++)); do
  for kind in weft swarm host; do
    case $kind in
      weft) g=$(run weftbench-cli-weft "$WEFT_IP" 5201) ;;
      swarm) g=$(run weftbench-cli-swarm "$SWARM_IP" 5201) ;;
      host) g=$(run weftbench-cli-host 10.77.0.1 5299) ;;
    esac
    R[$kind]+="$g"$'\n'
    say "run $n/$RUNS $kind: $g Gbit/s"
  done
done
echo "iperf3 throughput, one TCP stream, ${DURATION}s, host 2 -> host 1 (Gbit/s)"
for kind in weft swarm host; do
  label=$kind; [[ $kind == swarm ]] && label="swarm overlay"; [[ $kind == host ]] && label="bare underlay"
  printf '  %-14s %s\n' "$label:" "$(printf '%s' "${R[$kind]}" | stats)"
done
