#!/usr/bin/env bash
# Throughput of encrypted networks (issue 6): iperf3 (one TCP stream, DURATION s, RUNS runs, median and max) between
# containers on lab hosts 1 and 2 over a Weft encrypted network (VXLAN inside WireGuard), over a plain Weft network,
# and over a bare wireguard-go tunnel between the same two lab namespaces (no VXLAN, no containers). Run ./demo.sh
# first; the script makes the encrypted network weftbench-sec and removes it, its containers and the bare tunnel at
# the end.
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-3}
DURATION=${DURATION:-5}
SEC_NET=weftbench-sec
NS1=/var/run/netns/weftlab-1
NS2=/var/run/netns/weftlab-2
require_weft
command -v wireguard-go >/dev/null && command -v wg >/dev/null || die "needs wireguard-go and wg"
ctrs="weftbench-srv-sec weftbench-cli-sec weftbench-srv-open weftbench-cli-open"
api_delete() { curl -sS -m 10 "${CURL_TLS[@]}" -X DELETE -H "Authorization: Bearer $TOKEN" "$API$1" >/dev/null || true; }
cleanup() {
  local i c
  for i in 1 2; do for c in $ctrs; do dk "$i" rm -f "$c" >/dev/null 2>&1 || true; done; done
  nsenter --net=$NS1 ip link del wgbench1 2>/dev/null || true
  nsenter --net=$NS2 ip link del wgbench2 2>/dev/null || true
  [[ -n ${IPERF_PID:-} ]] && kill "$IPERF_PID" 2>/dev/null || true
  api_delete "/v1/networks/$SEC_NET?force=true"
  rm -f /tmp/weftbench-wg1.key /tmp/weftbench-wg2.key
}
trap cleanup EXIT
cleanup

curl -sS -m 10 "${CURL_TLS[@]}" -H "Authorization: Bearer $TOKEN" -d "{\"name\":\"$SEC_NET\",\"encrypted\":true}" \
  "$API/v1/networks" >/dev/null || die "cannot create $SEC_NET"

img=weft/iperf3:lab
s=$(dk 1 run -d --name weftbench-srv-sec --label "weft.networks=$SEC_NET" $img iperf3 -s -p 5201)
c=$(dk 2 run -d --name weftbench-cli-sec --label "weft.networks=$SEC_NET" $img sleep 1d)
so=$(dk 1 run -d --name weftbench-srv-open --label "weft.networks=$WEFT_NET" $img iperf3 -s -p 5201)
co=$(dk 2 run -d --name weftbench-cli-open --label "weft.networks=$WEFT_NET" $img sleep 1d)
SEC_IP=$(wait_weft_ip "$SEC_NET" "$s"); wait_weft_ip "$SEC_NET" "$c" >/dev/null
OPEN_IP=$(wait_weft_ip "$WEFT_NET" "$so"); wait_weft_ip "$WEFT_NET" "$co" >/dev/null

# a bare wireguard-go tunnel between the two lab namespaces (interface names differ: wireguard-go's control sockets
# in /var/run/wireguard are shared by every namespace of this machine)
(umask 077; wg genkey >/tmp/weftbench-wg1.key; wg genkey >/tmp/weftbench-wg2.key)
nsenter --net=$NS1 wireguard-go wgbench1 >/dev/null 2>&1
nsenter --net=$NS2 wireguard-go wgbench2 >/dev/null 2>&1
nsenter --net=$NS1 wg set wgbench1 private-key /tmp/weftbench-wg1.key listen-port 51901 \
  peer "$(wg pubkey </tmp/weftbench-wg2.key)" endpoint 10.77.0.2:51902 allowed-ips 10.78.0.2/32
nsenter --net=$NS2 wg set wgbench2 private-key /tmp/weftbench-wg2.key listen-port 51902 \
  peer "$(wg pubkey </tmp/weftbench-wg1.key)" endpoint 10.77.0.1:51901 allowed-ips 10.78.0.1/32
nsenter --net=$NS1 ip addr add 10.78.0.1/24 dev wgbench1
nsenter --net=$NS2 ip addr add 10.78.0.2/24 dev wgbench2
nsenter --net=$NS1 ip link set wgbench1 mtu 1440 up
nsenter --net=$NS2 ip link set wgbench2 mtu 1440 up
nsenter --net=$NS1 iperf3 -s -B 10.78.0.1 -p 5299 >/dev/null 2>&1 &
IPERF_PID=$!
say "servers: encrypted $SEC_IP, plain $OPEN_IP, bare wireguard-go 10.78.0.1"

gbits() { grep receiver | tail -n1 | awk '{for (i = 1; i < NF; i++) if ($(i+1) == "Gbits/sec") print $i;
  for (i = 1; i < NF; i++) if ($(i+1) == "Mbits/sec") print $i / 1000}'; }
run_ctr() { # CLIENT TARGET
  local deadline=$((SECONDS + 60)) out
  until dk 2 exec "$1" ping -c 1 -W 1 "$2" >/dev/null 2>&1; do ((SECONDS < deadline)) || die "$1 cannot reach $2"; done
  out=$(dk 2 exec "$1" iperf3 -c "$2" -p 5201 -t "$DURATION" -f g) || die "iperf3 $1 -> $2 failed: $out"
  gbits <<<"$out"
}
run_wg() {
  local deadline=$((SECONDS + 30)) out
  until nsenter --net=$NS2 ping -c 1 -W 1 10.78.0.1 >/dev/null 2>&1; do ((SECONDS < deadline)) || die "no bare tunnel"; done
  out=$(nsenter --net=$NS2 iperf3 -c 10.78.0.1 -p 5299 -t "$DURATION" -f g) || die "iperf3 over the bare tunnel: $out"
  gbits <<<"$out"
}

declare -A R=()
for ((n = 1; n <= RUNS; n++)); do
  for kind in encrypted plain wireguard; do
    case $kind in
      encrypted) g=$(run_ctr weftbench-cli-sec "$SEC_IP") ;;
      plain) g=$(run_ctr weftbench-cli-open "$OPEN_IP") ;;
      wireguard) g=$(run_wg) ;;
    esac
    R[$kind]+="$g"$'\n'
    say "run $n/$RUNS $kind: $g Gbit/s"
  done
done
echo "iperf3 throughput, one TCP stream, ${DURATION}s, host 2 -> host 1 (Gbit/s)"
for kind in encrypted plain wireguard; do
  label=$kind
  [[ $kind == encrypted ]] && label="Weft encrypted"
  [[ $kind == plain ]] && label="Weft plain"
  [[ $kind == wireguard ]] && label="bare wireguard-go"
  printf '  %-18s %s\n' "$label:" "$(printf '%s' "${R[$kind]}" | stats)"
done
