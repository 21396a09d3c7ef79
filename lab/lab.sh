#!/usr/bin/env bash
# Weft lab: N Docker hosts on one machine, each a network namespace with its own dockerd,
# joined by veths to an underlay bridge in the root namespace. Hosts behave like fresh Docker hosts: forwarding
# off before dockerd starts and the default bridge kept, so Docker sets FORWARD to DROP (asserted by up).
#
#   lab.sh up N            make hosts weftlab-1..N (idempotent)
#   lab.sh down            stop everything and remove it (safe to run twice, and after a failed up)
#   lab.sh rmall           remove every container of every host (lab.sh down does it first too)
#   lab.sh status          what exists
#   lab.sh docker I ARGS…  docker client against host I
#   lab.sh exec I CMD…     run CMD in host I's network namespace
#   lab.sh images          build the local image tarballs only
#
# Addresses: bridge weftlab0 = 10.77.0.254/24, host i = 10.77.0.i/24 on its eth0.
# Only ever send traffic to 10.77.0.x and to container addresses inside these namespaces.
set -euo pipefail

BR=weftlab0
PREFIX=10.77.0
BR_ADDR=$PREFIX.254
NS_PREFIX=weftlab-
LIB=${WEFTLAB_LIB:-/var/lib/weftlab}
RUN=${WEFTLAB_RUN:-/run/weftlab}
IMG_DIR=$LIB/images
DOCKER_WAIT=${WEFTLAB_DOCKER_WAIT:-90}

log() { printf '[lab] %s\n' "$*" >&2; }
die() { printf '[lab] ERROR: %s\n' "$*" >&2; exit 1; }

need_root() { [[ $(id -u) -eq 0 ]] || die "must run as root"; }

need_tools() {
  local t missing=()
  for t in ip iptables nsenter setsid dockerd docker busybox; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  ((${#missing[@]} == 0)) || die "missing tools: ${missing[*]} (apt-get install iproute2 iptables util-linux docker.io busybox-static)"
}

ns() { echo "${NS_PREFIX}$1"; }
nsfile() { echo "/var/run/netns/$(ns "$1")"; }
sock() { echo "$RUN/$1/docker.sock"; }
# root-namespace end of host i's veth (the in-namespace end is eth0)
vroot() { echo "weftlab-v$1"; }
innet() { local i=$1; shift; nsenter --net="$(nsfile "$i")" "$@"; }
dk() { local i=$1; shift; docker -H "unix://$(sock "$i")" "$@"; }

lab_hosts() {
  local f
  for f in /var/run/netns/${NS_PREFIX}*; do
    [[ -e $f ]] || continue
    f=${f##*/}
    echo "${f#"$NS_PREFIX"}"
  done | sort -n
}

# ---------------------------------------------------------------- images
build_images() {
  mkdir -p "$IMG_DIR"
  local bb
  bb=$(command -v busybox)
  if ldd "$bb" 2>&1 | grep -q '=>'; then
    die "$bb is not static (apt-get install busybox-static)"
  fi
  if [[ ! -s $IMG_DIR/busybox.tar || $bb -nt $IMG_DIR/busybox.tar ]]; then
    log "building busybox rootfs"
    local d; d=$(mktemp -d)
    make_busybox_root "$d" "$bb"
    tar -C "$d" -cf "$IMG_DIR/busybox.tar.tmp" .
    mv "$IMG_DIR/busybox.tar.tmp" "$IMG_DIR/busybox.tar"
    rm -rf "$d"
  fi
  if command -v iperf3 >/dev/null 2>&1; then
    local ip3; ip3=$(command -v iperf3)
    if [[ ! -s $IMG_DIR/iperf3.tar || $ip3 -nt $IMG_DIR/iperf3.tar ]]; then
      log "building iperf3 rootfs"
      local d; d=$(mktemp -d)
      make_busybox_root "$d" "$bb"
      cp -L "$ip3" "$d/usr/bin/iperf3"
      local lib
      for lib in $(ldd "$ip3" | grep -o '/[^ ]*'); do
        mkdir -p "$d$(dirname "$lib")"
        cp -L "$lib" "$d$lib"
      done
      tar -C "$d" -cf "$IMG_DIR/iperf3.tar.tmp" .
      mv "$IMG_DIR/iperf3.tar.tmp" "$IMG_DIR/iperf3.tar"
      rm -rf "$d"
    fi
  else
    log "iperf3 not installed: weft/iperf3:lab will be missing (apt-get install iperf3)"
  fi
}

make_busybox_root() {
  local d=$1 bb=$2 a
  mkdir -p "$d"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,proc,sys,dev,root,var/run}
  chmod 1777 "$d/tmp"
  cp "$bb" "$d/bin/busybox"
  for a in $("$bb" --list-full); do
    [[ $a == bin/busybox ]] && continue
    mkdir -p "$d/$(dirname "$a")"
    ln -sf /bin/busybox "$d/$a"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$d/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$d/etc/group"
}

import_images() {
  local i=$1
  if ! dk "$i" image inspect weft/busybox:lab >/dev/null 2>&1; then
    dk "$i" import "$IMG_DIR/busybox.tar" weft/busybox:lab >/dev/null
  fi
  if [[ -s $IMG_DIR/iperf3.tar ]] && ! dk "$i" image inspect weft/iperf3:lab >/dev/null 2>&1; then
    dk "$i" import "$IMG_DIR/iperf3.tar" weft/iperf3:lab >/dev/null
  fi
}

# ---------------------------------------------------------------- up
underlay_up() {
  if ! ip link show "$BR" >/dev/null 2>&1; then
    ip link add "$BR" type bridge
  fi
  ip addr replace "$BR_ADDR/24" dev "$BR"
  ip link set "$BR" up
  # Lab traffic never leaves the lab: nothing is forwarded from the underlay to anywhere else (lab hosts have a
  # default route via the bridge, like real hosts, so an address outside the lab would otherwise be routed out).
  iptables -C FORWARD -i "$BR" ! -o "$BR" -j DROP 2>/dev/null || iptables -I FORWARD -i "$BR" ! -o "$BR" -j DROP
  iptables -C FORWARD -i "$BR" -o "$BR" -j ACCEPT 2>/dev/null || iptables -I FORWARD -i "$BR" -o "$BR" -j ACCEPT
}

host_net_up() {
  local i=$1 n v
  n=$(ns "$i"); v=$(vroot "$i")
  [[ -e $(nsfile "$i") ]] || ip netns add "$n"
  if ! innet "$i" ip link show eth0 >/dev/null 2>&1; then
    ip link del "$v" 2>/dev/null || true
    ip link add "$v" type veth peer name "wlp$i"
    ip link set "wlp$i" netns "$n"
    innet "$i" ip link set "wlp$i" name eth0
  fi
  ip link set "$v" master "$BR"
  ip link set "$v" up
  innet "$i" ip link set lo up
  innet "$i" ip addr replace "$PREFIX.$i/24" dev eth0
  innet "$i" ip link set eth0 up
  innet "$i" ip route replace default via "$BR_ADDR" dev eth0
}

dockerd_running() {
  local i=$1 pid
  [[ -s $RUN/$i/docker.pid ]] || return 1
  pid=$(cat "$RUN/$i/docker.pid")
  [[ -d /proc/$pid ]] && grep -q dockerd "/proc/$pid/comm" 2>/dev/null
}

dockerd_up() {
  local i=$1
  mkdir -p "$LIB/$i/docker" "$LIB/$i/weft" "$RUN/$i/exec"
  if dockerd_running "$i"; then
    return 0
  fi
  rm -f "$RUN/$i/docker.pid" "$(sock "$i")"
  # A real host: forwarding off before dockerd, default bridge kept. dockerd then turns forwarding
  # on itself and sets the FORWARD policy to DROP.
  innet "$i" sysctl -qw net.ipv4.ip_forward=0
  log "starting dockerd on $(ns "$i")"
  # Each lab dockerd gets its own /run/docker/plugins (a private mount namespace, propagation slave: mounts of the
  # root namespace still reach it, its own do not leak back), so that the Docker plugin it finds there (Weft's
  # driver, issue 14) is its own host's agent, as on real hosts. Agents of lab host i serve $RUN/i/plugins.
  mkdir -p "$RUN/$i/plugins" /run/docker/plugins
  nsenter --net="$(nsfile "$i")" unshare --mount --propagation slave \
    sh -c 'mount --bind "$0" /run/docker/plugins && exec "$@"' "$RUN/$i/plugins" setsid dockerd \
    --data-root "$LIB/$i/docker" \
    --exec-root "$RUN/$i/exec" \
    --pidfile "$RUN/$i/docker.pid" \
    -H "unix://$(sock "$i")" \
    --containerd-namespace "weftlab$i" \
    --containerd-plugins-namespace "weftlab${i}-plugins" \
    --storage-driver overlay2 \
    </dev/null >>"$LIB/$i/dockerd.log" 2>&1 &
  disown || true
}

wait_dockerd() {
  local i=$1 deadline=$((SECONDS + DOCKER_WAIT))
  until dk "$i" version >/dev/null 2>&1; do
    if ((SECONDS > deadline)); then
      tail -n 30 "$LIB/$i/dockerd.log" >&2 || true
      die "dockerd on $(ns "$i") did not answer within ${DOCKER_WAIT}s (log: $LIB/$i/dockerd.log)"
    fi
    sleep 0.3
  done
}

assert_real_host() {
  local i=$1 pol fwd deadline=$((SECONDS + 15))
  while :; do
    pol=$(innet "$i" iptables -S FORWARD 2>/dev/null | head -n1 || true)
    fwd=$(innet "$i" sysctl -n net.ipv4.ip_forward)
    [[ $pol == "-P FORWARD DROP" && $fwd == 1 ]] && break
    if ((SECONDS > deadline)); then
      die "$(ns "$i") does not behave like a real Docker host: FORWARD policy '${pol}', ip_forward=$fwd (want '-P FORWARD DROP' and 1)"
    fi
    sleep 0.3
  done
  innet "$i" ip link show docker0 >/dev/null 2>&1 || die "$(ns "$i") has no docker0: Docker's default bridge must be kept"
}

cmd_up() {
  local n=${1:-3} i
  [[ $n =~ ^[0-9]+$ ]] && ((n >= 1 && n <= 200)) || die "usage: lab.sh up N (1..200)"
  need_root; need_tools
  build_images
  underlay_up
  for ((i = 1; i <= n; i++)); do host_net_up "$i"; done
  for ((i = 1; i <= n; i++)); do dockerd_up "$i"; done
  for ((i = 1; i <= n; i++)); do wait_dockerd "$i"; done
  for ((i = 1; i <= n; i++)); do
    assert_real_host "$i"
    import_images "$i"
  done
  log "up: $n hosts ($(for ((i = 1; i <= n; i++)); do printf '%s=%s.%s ' "$(ns "$i")" "$PREFIX" "$i"; done))"
}

# ---------------------------------------------------------------- down
pids_in_netns() {
  # every process whose network namespace is the given one
  local target=$1 p ino
  ino=$(stat -L -c %i "$target" 2>/dev/null) || return 0
  for p in /proc/[0-9]*; do
    [[ $(stat -L -c %i "$p/ns/net" 2>/dev/null) == "$ino" ]] && echo "${p#/proc/}"
  done
  return 0
}

stop_host() {
  local i=$1 pid deadline
  if dockerd_running "$i"; then
    pid=$(cat "$RUN/$i/docker.pid")
    if [[ -S $(sock "$i") ]]; then
      local ids
      ids=$(timeout 20 docker -H "unix://$(sock "$i")" ps -aq 2>/dev/null || true)
      [[ -n $ids ]] && timeout 60 docker -H "unix://$(sock "$i")" rm -f $ids >/dev/null 2>&1 || true
      timeout 20 docker -H "unix://$(sock "$i")" swarm leave --force >/dev/null 2>&1 || true
    fi
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 30))
    while [[ -d /proc/$pid ]] && ((SECONDS < deadline)); do sleep 0.2; done
    if [[ -d /proc/$pid ]]; then
      log "dockerd $pid on $(ns "$i") did not stop; killing"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  # Whatever is left in the host's namespace (containerd, shims, agents started there): their
  # children first (container inits), then themselves.
  if [[ -e $(nsfile "$i") ]]; then
    local left c
    left=$(pids_in_netns "$(nsfile "$i")")
    if [[ -n $left ]]; then
      log "killing leftover processes in $(ns "$i"): $(echo $left)"
      for pid in $left; do
        for c in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do kill -KILL "$c" 2>/dev/null || true; done
      done
      for pid in $left; do kill -KILL "$pid" 2>/dev/null || true; done
      sleep 0.3
    fi
  fi
}

unmount_under() {
  local root=$1 m
  # deepest first
  local mounts
  mounts=$(findmnt -rn -o TARGET 2>/dev/null | grep -E "^${root}(/|$)" | sort -r || true)
  for m in $mounts; do
    umount -l "$m" 2>/dev/null || true
  done
}

# Processes started for the lab (coordinator, agents, by the demo or the e2e harness) record their pid in
# $RUN/procs/NAME.pid; down stops them first. Only pids whose command line mentions weft are touched.
stop_recorded_procs() {
  local f pid deadline
  [[ -d $RUN/procs ]] || return 0
  for f in "$RUN"/procs/*.pid; do
    [[ -e $f ]] || continue
    pid=$(cat "$f" 2>/dev/null || true)
    if [[ $pid =~ ^[0-9]+$ && -d /proc/$pid ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q weft; then
      kill -TERM "$pid" 2>/dev/null || true
      deadline=$((SECONDS + 10))
      while [[ -d /proc/$pid ]] && ((SECONDS < deadline)); do sleep 0.2; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$f"
  done
}

# Containers first, then the Docker networks of Weft's driver (issue 14), while the agents still answer for them:
# once its agent is gone, dockerd waits for the driver at every step of a container's removal, and a network of the
# driver left in a host's data root costs the next dockerd start about 15 s of looking for the driver.
remove_containers() {
  local i
  for i in $(lab_hosts); do
    dockerd_running "$i" && [[ -S $(sock "$i") ]] || continue
    (
      d() { timeout 60 docker -H "unix://$(sock "$i")" "$@" 2>/dev/null; }
      ids=$(d ps -aq || true)
      [[ -z $ids ]] || d rm -f $ids >/dev/null || true
      nets=$(d network ls -q --filter driver=weft || true)
      [[ -z $nets ]] || d network rm $nets >/dev/null || true
    ) &
  done
  wait
}

cmd_down() {
  need_root
  local i f
  remove_containers
  stop_recorded_procs
  # WireGuard interfaces that agents made (issue 6): deleting one ends its wireguard-go. First, because stopping a
  # host kills what runs in its namespace, and a killed wireguard-go leaves its control socket behind.
  for f in /var/run/netns/${NS_PREFIX}*; do
    [[ -e $f ]] || continue
    for l in $(ip -n "${f##*/}" -o link show 2>/dev/null | awk -F': ' '{print $2}' | grep '^weft-wg-'); do
      ip -n "${f##*/}" link del "$l" 2>/dev/null || true
      rm -f "/var/run/wireguard/$l.sock"
    done
  done
  for i in $(lab_hosts); do stop_host "$i"; done
  # hosts whose namespace is already gone but whose dockerd still runs
  if [[ -d $RUN ]]; then
    for f in "$RUN"/*/docker.pid; do
      [[ -e $f ]] || continue
      i=$(basename "$(dirname "$f")")
      stop_host "$i"
    done
  fi
  # namespaces that agents made (weft-*) and the lab's own
  for f in /var/run/netns/weft-* /var/run/netns/${NS_PREFIX}*; do
    [[ -e $f ]] || continue
    ip netns del "${f##*/}" 2>/dev/null || { umount -l "$f" 2>/dev/null || true; rm -f "$f"; }
  done
  for f in /sys/class/net/weftlab-v*; do
    [[ -e $f ]] || continue
    ip link del "${f##*/}" 2>/dev/null || true
  done
  ip link del "$BR" 2>/dev/null || true
  while iptables -C FORWARD -i "$BR" -o "$BR" -j ACCEPT 2>/dev/null; do
    iptables -D FORWARD -i "$BR" -o "$BR" -j ACCEPT
  done
  while iptables -C FORWARD -i "$BR" ! -o "$BR" -j DROP 2>/dev/null; do
    iptables -D FORWARD -i "$BR" ! -o "$BR" -j DROP
  done
  unmount_under "$RUN"
  unmount_under "$LIB"
  rm -rf "$RUN"
  log "down"
}

# ---------------------------------------------------------------- status
cmd_status() {
  local i any=0
  if ip link show "$BR" >/dev/null 2>&1; then
    echo "underlay: $BR $(ip -4 -o addr show dev "$BR" | awk '{print $4}')"
  else
    echo "underlay: absent"
  fi
  for i in $(lab_hosts); do
    any=1
    local state=stopped ver="" pol="" cs=""
    if dockerd_running "$i"; then
      state="dockerd pid $(cat "$RUN/$i/docker.pid")"
      ver=$(dk "$i" version --format '{{.Server.Version}}' 2>/dev/null || echo '?')
      cs=$(dk "$i" ps -q 2>/dev/null | wc -l)
    fi
    pol=$(innet "$i" iptables -S FORWARD 2>/dev/null | head -n1 || true)
    printf '%s  %s.%s  %s  engine=%s  containers=%s  %s  sock=%s\n' \
      "$(ns "$i")" "$PREFIX" "$i" "$state" "${ver:--}" "${cs:--}" "${pol:--}" "$(sock "$i")"
  done
  ((any)) || echo "no lab hosts"
  local others
  others=$(ls /var/run/netns 2>/dev/null | grep '^weft-' || true)
  [[ -z $others ]] || echo "agent namespaces: $(echo $others)"
}

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }

main() {
  local cmd=${1:-}
  shift || true
  case $cmd in
    up) cmd_up "$@" ;;
    down) cmd_down ;;
    rmall) need_root; remove_containers ;;
    status) cmd_status ;;
    images) need_root; build_images ;;
    docker)
      [[ $# -ge 1 ]] || die "usage: lab.sh docker I ARGS…"
      local i=$1; shift
      exec docker -H "unix://$(sock "$i")" "$@" ;;
    exec)
      [[ $# -ge 2 ]] || die "usage: lab.sh exec I CMD…"
      local i=$1; shift
      [[ -e $(nsfile "$i") ]] || die "no lab host $i"
      exec nsenter --net="$(nsfile "$i")" "$@" ;;
    sock) echo "$(sock "${1:?I}")" ;;
    -h | --help | help | "") usage ;;
    *) usage; exit 2 ;;
  esac
}

main "$@"
