#!/usr/bin/env bash
# A real run of ansible/site.yml against lab hosts, as root:
#
#   ansible/test/run-lab.sh            set up, run the playbook twice, check, tear down (always, also on failure)
#   ansible/test/run-lab.sh --keep     the same, but leave the lab up for a look (tear down with --down)
#   ansible/test/run-lab.sh --down     tear down what a kept run left
#   ansible/test/run-lab.sh --members 3   three coordinator members (issue 4) on the PostgreSQL the
#                                      weft_coordinator role installs on the first (not part of the test suite)
#
# The lab hosts are Debian 12 machines with systemd as PID 1 and Docker: privileged containers of an image made
# from a debootstrap rootfs (systemd, docker.io, python3, the JRE), run by a dockerd of this script's own and
# reached by Ansible's community.docker.docker connection. Each has its own network namespace on an internal
# bridge 10.77.1.0/24 (weftans0, no route out), its own systemd, and its own dockerd (its /var/lib/docker on the
# disk, not on overlayfs). One host is the coordinator (10.77.1.10), three are Docker hosts (10.77.1.11-13).
#
# The playbook is used as an operator would: the same site.yml and roles, an inventory that only names the hosts,
# their addresses and which of them use iptables (those start with INPUT policy DROP, so the API and VXLAN work
# only through the rules the roles add). The hosts have no route to a Debian mirror, so the JRE (and
# PostgreSQL, for --members 3) is already in the image: the roles see it installed and skip their apt steps.
#
# Checks: the second run reports changed=0 on every host; GET /v1/hosts (through bin/weft from the release,
# on the coordinator host) lists the three agents up; a Weft network carries pings between containers on two
# hosts; an agent killed with SIGKILL is restarted by systemd (Restart=always).
#
# Needs: debootstrap, docker.io, ansible, busybox-static, jq, and the release archive (mvn -B -DskipTests package,
# or WEFT_RELEASE=path). The first run builds the image (debootstrap, a few minutes); later runs reuse
# /var/cache/weft-ansible-lab.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ANSIBLE_DIR=$(dirname "$HERE")
ROOT=$(dirname "$ANSIBLE_DIR")
CACHE=${WEFT_ANSIBLE_LAB_CACHE:-/var/cache/weft-ansible-lab}
LIB=/var/lib/weft-ansible-lab
RUN=/run/weft-ansible-lab
SOCK=$RUN/docker.sock
OUTER_DATA=$CACHE/docker
BR=weftans0
NET=10.77.1
NETNAME=weftans
IMAGE=weft-ansible-lab/debian-systemd:bookworm
MIRROR=${WEFT_DEBIAN_MIRROR:-http://deb.debian.org/debian}
# postgresql, python3-psycopg2, acl: for --members 3 (the role's PostgreSQL install finds them installed)
PKGS=systemd,systemd-sysv,dbus,python3,python3-apt,iproute2,iptables,docker.io,openjdk-17-jre-headless,ca-certificates,procps,sudo,postgresql,python3-psycopg2,acl
COORD=weftans-c1
COORDS=(weftans-c1)
AGENTS=(weftans-h1 weftans-h2 weftans-h3)
declare -A ADDR=([weftans-c1]=$NET.10 [weftans-c2]=$NET.20 [weftans-c3]=$NET.30
  [weftans-h1]=$NET.11 [weftans-h2]=$NET.12 [weftans-h3]=$NET.13)
start=$SECONDS

log() { printf '[ansible-lab %3ds] %s\n' "$((SECONDS - start))" "$*" >&2; }
die() { printf '[ansible-lab] FAIL: %s\n' "$*" >&2; exit 1; }
dk() { docker -H "unix://$SOCK" "$@"; }
on() { local h=$1; shift; dk exec "$h" "$@"; }

# ------------------------------------------------------------------ teardown
down() {
  log "tearing down"
  if [[ -S $SOCK ]]; then
    local ids
    ids=$(timeout 30 docker -H "unix://$SOCK" ps -aq --filter "name=^weftans-" 2>/dev/null || true)
    [[ -z $ids ]] || timeout 120 docker -H "unix://$SOCK" rm -f $ids >/dev/null 2>&1 || true
    timeout 30 docker -H "unix://$SOCK" network rm "$NETNAME" >/dev/null 2>&1 || true
  fi
  if [[ -s $RUN/docker.pid ]]; then
    local pid deadline
    pid=$(cat "$RUN/docker.pid")
    if [[ -d /proc/$pid ]] && grep -q dockerd "/proc/$pid/comm" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      deadline=$((SECONDS + 30))
      while [[ -d /proc/$pid ]] && ((SECONDS < deadline)); do sleep 0.3; done
      [[ ! -d /proc/$pid ]] || kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  ip link del "$BR" 2>/dev/null || true
  while iptables -C FORWARD -i "$BR" -o "$BR" -j ACCEPT 2>/dev/null; do
    iptables -D FORWARD -i "$BR" -o "$BR" -j ACCEPT
  done
  local m
  for m in $(findmnt -rn -o TARGET 2>/dev/null | grep -E "^($RUN|$LIB|$OUTER_DATA)(/|$)" | sort -r || true); do
    umount -l "$m" 2>/dev/null || true
  done
  rm -rf "$RUN" "$LIB"
}

# ------------------------------------------------------------------ image
build_image_tar() {
  [[ -s $CACHE/rootfs.tar && $(cat "$CACHE/rootfs.pkgs" 2>/dev/null) == "$PKGS" ]] && return 0
  command -v debootstrap >/dev/null || die "debootstrap missing (apt-get install debootstrap)"
  log "building the Debian 12 rootfs with debootstrap (once; cached in $CACHE)"
  mkdir -p "$CACHE"
  local r=$CACHE/rootfs.tmp
  if [[ $(cat "$r/.weft-pkgs" 2>/dev/null) != "$PKGS" ]]; then
    rm -rf "$r"
    debootstrap --variant=minbase --include="$PKGS" bookworm "$r" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
      || { tail -n 20 "$CACHE/debootstrap.log" >&2; die "debootstrap failed (log: $CACHE/debootstrap.log)"; }
    echo "$PKGS" >"$r/.weft-pkgs"
  fi
  # Every host must get its own machine id at boot (the agent's default host id).
  : >"$r/etc/machine-id"
  rm -f "$r/var/lib/dbus/machine-id"
  # A container: no consoles, no udev, no time sync; journald to the container's log is enough.
  local u
  for u in getty@tty1.service console-getty.service systemd-udevd.service systemd-udev-trigger.service \
    systemd-timesyncd.service e2scrub_reap.service apt-daily.timer apt-daily-upgrade.timer; do
    ln -sf /dev/null "$r/etc/systemd/system/$u"
  done
  rm -rf "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/archives/*.deb
  rm -f "$r/.weft-pkgs"
  tar -C "$r" -cf "$CACHE/rootfs.tar.tmp" .
  mv "$CACHE/rootfs.tar.tmp" "$CACHE/rootfs.tar"
  echo "$PKGS" >"$CACHE/rootfs.pkgs"
  rm -rf "$r"
}

# ------------------------------------------------------------------ outer dockerd and hosts
outer_dockerd() {
  mkdir -p "$RUN/exec" "$OUTER_DATA" "$LIB"
  log "starting the lab's dockerd ($SOCK)"
  # No default bridge, no iptables, no forwarding changes in this namespace: the hosts' bridge is made below, and
  # this machine's own firewall stays as it is except for one ACCEPT rule for that bridge.
  setsid dockerd --data-root "$OUTER_DATA" --exec-root "$RUN/exec" --pidfile "$RUN/docker.pid" \
    -H "unix://$SOCK" --bridge=none --iptables=false --ip-forward=false --ip-masq=false \
    --containerd-namespace weftans --containerd-plugins-namespace weftans-plugins --storage-driver overlay2 \
    </dev/null >>"$LIB/dockerd.log" 2>&1 &
  disown || true
  local deadline=$((SECONDS + 90))
  until dk version >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { tail -n 20 "$LIB/dockerd.log" >&2; die "the lab's dockerd did not start"; }
    sleep 0.3
  done
  if ! dk image inspect "$IMAGE" >/dev/null 2>&1 || [[ $CACHE/rootfs.tar -nt $CACHE/image.stamp ]]; then
    log "importing $IMAGE"
    dk import --change 'CMD ["/sbin/init"]' --change 'ENV container=docker' \
      "$CACHE/rootfs.tar" "$IMAGE" >/dev/null
    touch "$CACHE/image.stamp"
    dk image prune -f >/dev/null 2>&1 || true    # the image this one replaced

  fi
}

# PID 1 of each host until systemd takes over. Docker's --privileged is refused on this machine (its capability
# bounding set lacks CAP_SYS_RESOURCE), so the hosts run with every other capability, no seccomp/AppArmor profile,
# every device allowed, and this script makes /sys and the cgroup (v1) hierarchies writable the way --privileged
# would, so that systemd and the host's own dockerd can manage cgroups.
write_lab_init() {
  cat >"$LIB/lab-init" <<'EOF'
#!/bin/sh
# PID 1 of a lab host until systemd takes over: make /sys and the cgroup hierarchies writable (what --privileged
# would do; this machine's capability bounding set lacks CAP_SYS_RESOURCE, so --privileged is refused).
set -e
mount -o remount,rw /sys
hier=$(awk '$2 ~ "^/sys/fs/cgroup/" && $3 == "cgroup" {sub("^/sys/fs/cgroup/", "", $2); print $2}' /proc/self/mounts)
for h in $hier; do umount "/sys/fs/cgroup/$h"; done
umount /sys/fs/cgroup
mount -t tmpfs -o mode=0755,nosuid,nodev,noexec cgroup /sys/fs/cgroup
for h in $hier; do
  mkdir -p "/sys/fs/cgroup/$h"
  if [ "$h" = systemd ]; then o=none,name=systemd; else o=$h; fi
  mount -t cgroup -o "$o,nosuid,nodev,noexec" cgroup "/sys/fs/cgroup/$h"
done
exec /sbin/init
EOF
  chmod 0755 "$LIB/lab-init"
}

hosts_up() {
  write_lab_init
  dk network create --internal --subnet "$NET.0/24" --gateway "$NET.254" \
    -o com.docker.network.bridge.name="$BR" "$NETNAME" >/dev/null
  # Bridged frames pass this namespace's FORWARD chain (bridge-nf-call-iptables): let the hosts reach each other.
  iptables -I FORWARD -i "$BR" -o "$BR" -j ACCEPT
  local h
  for h in "${COORDS[@]}" "${AGENTS[@]}"; do
    mkdir -p "$LIB/$h/docker"
    dk run -d --name "$h" --hostname "$h" --stop-signal SIGRTMIN+3 \
      --cap-add ALL --cap-drop SYS_RESOURCE --device-cgroup-rule 'a *:* rwm' --cgroupns=private \
      --security-opt seccomp=unconfined --security-opt apparmor=unconfined --security-opt systempaths=unconfined \
      --network "$NETNAME" --ip "${ADDR[$h]}" \
      --tmpfs /run --tmpfs /run/lock --tmpfs /tmp \
      -v "$LIB/lab-init:/lab-init:ro" -v "$LIB/$h/docker:/var/lib/docker" \
      "$IMAGE" /lab-init >/dev/null
  done
  for h in "${COORDS[@]}" "${AGENTS[@]}"; do
    local state
    state=$(timeout 120 docker -H "unix://$SOCK" exec "$h" systemctl is-system-running --wait 2>/dev/null || true)
    if [[ $state != running && $state != degraded ]]; then
      dk logs "$h" 2>&1 | tail -n 30 >&2 || true
      die "$h: systemd did not come up (state '$state')"
    fi
    [[ $state == running ]] || log "$h: systemd $state: $(on "$h" systemctl --failed --no-legend --plain | awk '{print $1}' | xargs)"
  done
  for h in "${AGENTS[@]}"; do
    local deadline=$((SECONDS + 60))
    until on "$h" docker version >/dev/null 2>&1; do
      ((SECONDS < deadline)) || { on "$h" journalctl -u docker --no-pager | tail -n 20 >&2; die "$h: Docker did not start"; }
      sleep 0.5
    done
  done
  # The hosts marked weft_firewall=iptables in the inventory are locked down like a careful operator's: only
  # loopback and replies come in. Whatever Weft needs beyond that (the API on the coordinator, VXLAN between the
  # Docker hosts) works only if the roles open it.
  for h in "${COORDS[@]}" weftans-h1 weftans-h3; do
    on "$h" iptables -A INPUT -i lo -j ACCEPT
    on "$h" iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
    on "$h" iptables -P INPUT DROP
  done
  log "hosts up: $(for h in "${COORDS[@]}"; do printf '%s=%s ' "$h" "${ADDR[$h]}"; done)$(for h in "${AGENTS[@]}"; do printf '%s=%s ' "$h" "${ADDR[$h]}"; done)"
}

write_inventory() {
  cat >"$RUN/inventory.ini" <<EOF
# Written by ansible/test/run-lab.sh: the lab's hosts are containers of the lab's dockerd (DOCKER_HOST).
[weft_coordinators]
$(for h in "${COORDS[@]}"; do echo "$h weft_address=${ADDR[$h]} weft_firewall=iptables"; done)

[weft_agents]
weftans-h1 weft_address=${ADDR[weftans-h1]} weft_firewall=iptables
weftans-h2 weft_address=${ADDR[weftans-h2]}
weftans-h3 weft_address=${ADDR[weftans-h3]} weft_firewall=iptables

[all:vars]
ansible_connection=community.docker.docker
ansible_python_interpreter=/usr/bin/python3
weft_version=$VERSION
weft_release_archive=$RELEASE
$( ((${#COORDS[@]} > 1)) && printf '%s\n' 'weft_coordinator_postgresql_install=true' 'weft_coordinator_postgresql_password=lab-only-not-secret' || true)
EOF
}

# ------------------------------------------------------------------ playbook
play() {
  local n=$1 out=$RUN/play-$1.log rc=0
  log "ansible-playbook site.yml, run $n (log: $out)"
  (cd "$ANSIBLE_DIR" && DOCKER_HOST="unix://$SOCK" ANSIBLE_FORCE_COLOR=0 ANSIBLE_NOCOLOR=1 ANSIBLE_PIPELINING=1 ANSIBLE_FORKS=10 \
    ansible-playbook -i "$RUN/inventory.ini" site.yml) >"$out" 2>&1 || rc=$?
  sed -n '/PLAY RECAP/,$p' "$out" >&2
  if ((rc != 0)); then
    grep -E -B2 -A12 '^(fatal|failed):' "$out" | tail -n 60 >&2 || true
    die "run $n of the playbook failed (exit $rc)"
  fi
}

check_idempotent() {
  local out=$RUN/play-2.log bad
  bad=$(sed -n '/PLAY RECAP/,$p' "$out" | grep -E '^weftans-' | grep -vE 'changed=0 .*failed=0' || true)
  if [[ -n $bad ]]; then
    grep -E -A3 '^changed:' "$out" | head -n 40 >&2 || true
    die "the second run changed something: $bad"
  fi
  local hosts
  hosts=$(sed -n '/PLAY RECAP/,$p' "$out" | grep -cE '^weftans-.*changed=0 ' || true)
  local want=$((${#COORDS[@]} + ${#AGENTS[@]}))
  ((hosts == want)) || die "the second run's recap lists $hosts hosts with changed=0 (want $want)"
  log "second run: changed=0 on all $want hosts"
}

# bin/weft from the release on the coordinator host, with the CLI config the role wrote for root
weft() { on "$COORD" weft "$@"; }
weft_on() { local h=$1; shift; on "$h" weft "$@"; }

check_cluster() {
  TOKEN=$(on "$COORD" cat /var/lib/weft-coordinator/admin-token)
  # TLS by default (issue 6): the API is checked against the cluster CA the coordinator wrote to its data dir
  on "$COORD" cat /var/lib/weft-coordinator/ca.pem >"$RUN/ca.pem"
  local h
  for h in "${AGENTS[@]}"; do
    [[ $(on "$h" stat -c %a /var/lib/weft/host-key.pem) == 600 ]] || die "$h: host-key.pem is not mode 0600"
    on "$h" test -s /var/lib/weft/host.pem || die "$h: no host certificate in /var/lib/weft"
  done
  log "every agent joined: host.pem and host-key.pem (0600) in /var/lib/weft"
  local deadline=$((SECONDS + 60)) up
  while :; do
    up=$(weft --json host ls | jq -r '[.[] | select(.status == "up")] | length')
    ((up == 3)) && break
    ((SECONDS < deadline)) || { weft host ls >&2 || true; die "GET /v1/hosts: $up of 3 agents up"; }
    sleep 1
  done
  weft host ls >&2
  log "GET /v1/hosts (weft host ls on $COORD): 3 agents up"
  if ((${#COORDS[@]} > 1)); then
    for h in "${COORDS[@]}"; do
      up=$(weft_on "$h" --json host ls | jq -r '[.[] | select(.status == "up")] | length')
      ((up == 3)) || die "$h: weft host ls shows $up of 3 agents up"
      curl -sf --cacert "$RUN/ca.pem" "https://${ADDR[$h]}:7700/metrics" | grep -E '^weft_(cluster_members|quorum) ' >&2 || true
    done
    log "every member (${COORDS[*]}) answers with the same 3 agents up, on the PostgreSQL the role installed"
  fi

  WEFTLAB_LIB=$LIB/weftlab "$ROOT/lab/lab.sh" images
  local h
  for h in weftans-h1 weftans-h2; do
    dk exec -i "$h" docker import - weft/busybox:lab <"$LIB/weftlab/images/busybox.tar" >/dev/null
  done
  weft network create blue >&2
  on weftans-h1 docker run -d --name weft-a --label weft.networks=blue weft/busybox:lab sleep 1d >/dev/null
  on weftans-h2 docker run -d --name weft-b --label weft.networks=blue weft/busybox:lab sleep 1d >/dev/null
  local ip_b="" ok=0 id_h2
  id_h2=$(on weftans-h2 cat /etc/machine-id)
  deadline=$((SECONDS + 90))
  while ((SECONDS < deadline)); do
    ip_b=$(curl -sf --cacert "$RUN/ca.pem" -H "Authorization: Bearer $TOKEN" \
      "https://${ADDR[$COORD]}:7700/v1/networks/blue/endpoints" \
      | jq -r --arg h "$id_h2" '.[] | select(.host == $h) | .ip' | head -n1 || true)
    if [[ -n $ip_b ]] && on weftans-h1 docker exec weft-a ping -c 3 -W 2 "$ip_b" >/dev/null 2>&1; then
      ok=1; break
    fi
    sleep 2
  done
  if ((ok == 0)); then
    weft network inspect blue >&2 || true
    on weftans-h1 journalctl -u weft-agent --no-pager | tail -n 30 >&2 || true
    die "container a (weftans-h1) cannot ping b (weftans-h2, '${ip_b}') on network blue"
  fi
  on weftans-h1 docker exec weft-a ping -c 3 -W 2 "$ip_b" >&2
  log "network blue carries traffic: a on weftans-h1 pings b ($ip_b) on weftans-h2"

  local before after
  before=$(on weftans-h3 systemctl show -p MainPID --value weft-agent)
  on weftans-h3 systemctl kill -s KILL weft-agent
  deadline=$((SECONDS + 30))
  while :; do
    after=$(on weftans-h3 systemctl show -p MainPID --value weft-agent)
    [[ $after != 0 && $after != "$before" ]] && on weftans-h3 systemctl is-active -q weft-agent && break
    ((SECONDS < deadline)) || die "weftans-h3: weft-agent was not restarted after SIGKILL (Restart=always)"
    sleep 1
  done
  log "weft-agent killed on weftans-h3 (pid $before) and restarted by systemd (pid $after)"
}

main() {
  [[ $(id -u) -eq 0 ]] || die "must run as root"
  KEEP=0
  while (($#)); do
    case $1 in
      --down) down; exit 0 ;;
      --keep) KEEP=1 ;;
      --members)
        [[ ${2:-} == 1 || ${2:-} == 3 ]] || die "--members: '${2:-}' (expected: 1 or 3)"
        [[ $2 == 1 ]] || COORDS=(weftans-c1 weftans-c2 weftans-c3)
        shift ;;
      *) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
    shift
  done
  local t
  for t in docker dockerd ansible-playbook jq curl busybox iptables; do
    command -v "$t" >/dev/null || die "missing $t (apt-get install docker.io ansible jq busybox-static iptables debootstrap)"
  done
  RELEASE=${WEFT_RELEASE:-$(ls -t "$ROOT"/dist/target/weft-*.tar.gz 2>/dev/null | head -n1 || true)}
  [[ -n $RELEASE && -s $RELEASE ]] || die "no release archive in $ROOT/dist/target: mvn -B -DskipTests package (or WEFT_RELEASE=path)"
  RELEASE=$(readlink -f "$RELEASE")
  VERSION=$(basename "$RELEASE" .tar.gz); VERSION=${VERSION#weft-}
  down
  if ((KEEP == 0)); then trap 'rc=$?; down; exit $rc' EXIT; else trap 'log "kept: DOCKER_HOST=unix://$SOCK docker ps; $0 --down"' EXIT; fi
  trap 'exit 130' INT TERM
  mkdir -p "$RUN" "$LIB"
  build_image_tar
  outer_dockerd
  hosts_up
  write_inventory
  play 1
  play 2
  check_idempotent
  check_cluster
  log "PASS in $((SECONDS - start))s: release $VERSION installed by site.yml on ${#COORDS[@]} coordinator(s) + 3 Docker hosts; second run changed=0; agents up; traffic across hosts; restart on kill"
}

main "$@"
