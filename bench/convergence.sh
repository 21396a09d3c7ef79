#!/usr/bin/env bash
# Endpoint convergence: from `docker run -d` on lab host 2 to the first echo reply between the new container and a
# container on lab host 1, for Weft (through its Docker driver, `--network`, and by label) and for Docker Swarm's
# overlay, in the same lab and the same run.
# Median and max over SAMPLES (default 10). Run ./demo.sh first.
#
# The new container pings the prober's address every 10 ms from its first instant and notes the time of the
# first reply (the kernel's /proc/uptime, shared with the host, 10 ms resolution); the start time is taken on
# the host just before `docker run -d`. A reply needs both directions: the prober's host must know the newcomer.
# The probers' ARP retransmit timer is 10 ms instead of 1 s (fast_arp), for both, so that neither figure is
# rounded up to the kernel's timer.
source "$(dirname "$0")/lib.sh"
SAMPLES=${SAMPLES:-10}
require_weft
cleanup() {
  dk 1 rm -f weftbench-probe-weft weftbench-probe-net weftbench-probe-swarm >/dev/null 2>&1 || true
  dk 2 rm -f weftbench-new weftbench-keep-weft weftbench-keep-net weftbench-keep-swarm >/dev/null 2>&1 || true
  swarm_down_quiet
}
trap cleanup EXIT
cleanup
swarm_up

# probers on host 1; on host 2 a resident container of each network, so that both measure attaching a container
# to a network the host already has (Docker removes an overlay from a worker with its last container)
pw=$(dk 1 run -d --name weftbench-probe-weft --label "weft.networks=$WEFT_NET" weft/busybox:lab sleep 1d)
dk 1 run -d --name weftbench-probe-net --network "$WEFT_NET" weft/busybox:lab sleep 1d >/dev/null
dk 1 run -d --name weftbench-probe-swarm --network "$SWARM_NET" weft/busybox:lab sleep 1d >/dev/null
WEFT_TARGET=$(wait_weft_ip "$WEFT_NET" "$pw")
NET_TARGET=$(network_ip 1 weftbench-probe-net "$WEFT_NET")
SWARM_TARGET=$(overlay_ip 1 weftbench-probe-swarm)
kw=$(dk 2 run -d --name weftbench-keep-weft --label "weft.networks=$WEFT_NET" weft/busybox:lab sleep 1d)
dk 2 run -d --name weftbench-keep-net --network "$WEFT_NET" weft/busybox:lab sleep 1d >/dev/null
dk 2 run -d --name weftbench-keep-swarm --network "$SWARM_NET" weft/busybox:lab sleep 1d >/dev/null
wait_weft_ip "$WEFT_NET" "$kw" >/dev/null
fast_arp 1 weftbench-probe-weft
fast_arp 1 weftbench-probe-net
fast_arp 1 weftbench-probe-swarm
say "probers on host 1: Weft --network $NET_TARGET, Weft label $WEFT_TARGET, Swarm overlay $SWARM_TARGET"

PROBE='until ping -i 0.01 -w 30 '"'"'%s'"'"' 2>/dev/null | grep -m1 -q "bytes from"; do usleep 10000; done; cut -d" " -f1 /proc/uptime'

sample() { # net|weft|swarm|base -> seconds
  local kind=$1 t0 t1 id args target
  dk 2 rm -f weftbench-new >/dev/null 2>&1 || true
  case $kind in
    net) args=(--network "$WEFT_NET"); target=$NET_TARGET ;;
    weft) args=(--label "weft.networks=$WEFT_NET"); target=$WEFT_TARGET ;;
    swarm) args=(--network "$SWARM_NET"); target=$SWARM_TARGET ;;
    base) args=(); target=127.0.0.1 ;; # the container's own loopback: what starting a container costs
  esac
  t0=$(uptime_s)
  id=$(dk 2 run -d --name weftbench-new ${args[@]+"${args[@]}"} weft/busybox:lab sh -c "$(printf "$PROBE" "$target")")
  [[ $(timeout 60 docker -H unix:///run/weftlab/2/docker.sock wait "$id") == 0 ]] || die "$kind sample: no reply in 30 s"
  t1=$(dk 2 logs "$id" 2>/dev/null | tail -n1)
  dk 2 rm -f "$id" >/dev/null
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f\n", b - a}'
}

# one warm-up each (first overlay attachment on a worker makes the network there)
sample net >/dev/null
sample weft >/dev/null
sample swarm >/dev/null
: >/tmp/weftbench-net.txt
: >/tmp/weftbench-weft.txt
: >/tmp/weftbench-swarm.txt
: >/tmp/weftbench-base.txt
for ((n = 1; n <= SAMPLES; n++)); do
  d=$(sample net); w=$(sample weft); s=$(sample swarm); b=$(sample base)
  echo "$d" >>/tmp/weftbench-net.txt; echo "$w" >>/tmp/weftbench-weft.txt; echo "$s" >>/tmp/weftbench-swarm.txt
  echo "$b" >>/tmp/weftbench-base.txt
  say "sample $n/$SAMPLES: weft --network ${d}s, weft label ${w}s, swarm ${s}s (container start alone ${b}s)"
done
echo "endpoint convergence, docker run -d on host 2 -> first echo reply with host 1 (seconds)"
echo "  weft --network: $(stats </tmp/weftbench-net.txt)"
echo "  weft label:    $(stats </tmp/weftbench-weft.txt)"
echo "  swarm overlay: $(stats </tmp/weftbench-swarm.txt)"
echo "  container start alone (ping own loopback): $(stats </tmp/weftbench-base.txt)"
