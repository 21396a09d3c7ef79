#!/usr/bin/env bash
# Weft in one command (as root, on Debian 12): installs what it needs, builds, starts a coordinator and a lab of
# three Docker hosts with an agent each, makes the networks blue and red, starts containers on every host and
# prints who reaches whom.
#
#   ./demo.sh          run it (stops an earlier demo first)
#   ./demo.sh down     stop agents, coordinator and the lab
#   ./demo.sh status   what runs
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD

HOSTS=3
NETWORKS=(blue red)
DEMO=${WEFT_DEMO_DIR:-/var/lib/weft-demo}
DATA=$DEMO/coordinator
PORT=${WEFT_DEMO_PORT:-7700}
BIND=10.77.0.254
API=https://$BIND:$PORT   # TLS with the coordinator's own CA (issue 6): curl --cacert $DATA/ca.pem
PIDS=/run/weftlab/procs
LAB=$ROOT/lab/lab.sh
COORD_JAR=$ROOT/coordinator/target/weft-coordinator.jar
AGENT_JAR=$ROOT/agent/target/weft-agent.jar
WAIT=${WEFT_DEMO_WAIT:-90}

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
info() { printf '    %s\n' "$*"; }
die() {
  printf '\033[31mdemo: %s\033[0m\n' "$*" >&2
  printf 'logs: %s/*.log, /var/lib/weftlab/*/dockerd.log; clean up with: %s/demo.sh down\n' "$DEMO" "$ROOT" >&2
  exit 1
}

need_root() { [[ $(id -u) -eq 0 ]] || die "run as root: sudo ./demo.sh"; }

install_packages() {
  local pkgs=(openjdk-17-jdk-headless maven docker.io iproute2 iptables util-linux procps busybox-static iperf3
              curl jq) missing=() p
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then
    info "packages present"
    return
  fi
  info "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -q >/dev/null
  apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

# ------------------------------------------------------------------ processes
start_proc() { # NAME LOG CMD…
  local name=$1 log=$2
  shift 2
  mkdir -p "$PIDS"
  printf '\n===== %s %s\n' "$(date -u +%FT%TZ)" "$*" >>"$log"
  setsid "$@" </dev/null >>"$log" 2>&1 &
  echo $! >"$PIDS/demo-$name.pid"
}

stop_proc() { # NAME
  local f=$PIDS/demo-$1.pid pid
  [[ -f $f ]] || return 0
  pid=$(cat "$f")
  if [[ -d /proc/$pid ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q weft; then
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 20))
    while [[ -d /proc/$pid ]] && ((SECONDS < deadline)); do sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

alive() { local f=$PIDS/demo-$1.pid; [[ -f $f && -d /proc/$(cat "$f") ]]; }

cmd_down() {
  need_root
  step "stopping agents, coordinator and lab"
  local i
  "$LAB" rmall # while the agents still answer for the containers' networks (lab.sh)
  for ((i = 1; i <= HOSTS; i++)); do stop_proc "agent-$i"; done
  stop_proc coordinator
  "$LAB" down
  info "done (logs and coordinator data stay in $DEMO)"
}

cmd_status() {
  local i
  for n in coordinator $(for ((i = 1; i <= HOSTS; i++)); do echo "agent-$i"; done); do
    if alive "$n"; then echo "$n: running (pid $(cat "$PIDS/demo-$n.pid"))"; else echo "$n: stopped"; fi
  done
  "$LAB" status
}

# ------------------------------------------------------------------ API
TOKEN=
api() { # METHOD PATH [JSON]
  local args=(-sS -m 10 --cacert "$DATA/ca.pem" -H "Authorization: Bearer $TOKEN" -H 'Accept: application/json' -X "$1")
  [[ $# -ge 3 ]] && args+=(-H 'Content-Type: application/json' -d "$3")
  curl "${args[@]}" "$API$2"
}

until_ok() { # SECONDS DESCRIPTION CMD…
  local limit=$1 what=$2 deadline
  shift 2
  deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "timed out after ${limit}s waiting for $what"
    sleep 0.3
  done
}

host_up() { api GET /v1/hosts | jq -e --arg id "$1" '(if type == "array" then . else .hosts end)[]
  | select(.id == $id and .status == "up")' >/dev/null; }

endpoint_has() { # NETWORK IP: the coordinator lists an endpoint with that address
  api GET "/v1/networks/$1/endpoints" | jq -e --arg ip "$2" '(if type == "array" then . else .endpoints end)[]
    | select((.ip | split("/")[0]) == $ip)' >/dev/null
}

dk() { local i=$1; shift; docker -H "unix:///run/weftlab/$i/docker.sock" "$@"; }

# ------------------------------------------------------------------ up
cmd_up() {
  need_root
  local t0=$SECONDS i n
  step "installing what the demo needs (apt-get, skipped when present)"
  install_packages

  step "building (mvn -B -q -DskipTests package)"
  mvn -B -q -ntp -DskipTests package || die "build failed"
  [[ -f $COORD_JAR && -f $AGENT_JAR ]] || die "build made no $COORD_JAR / $AGENT_JAR"

  if [[ -d $PIDS ]] || ip link show weftlab0 >/dev/null 2>&1; then
    step "stopping an earlier demo or lab"
    for ((i = 1; i <= HOSTS; i++)); do stop_proc "agent-$i"; done
    stop_proc coordinator
    "$LAB" down 2>&1 | sed 's/^/    /' || die "lab down failed"
  fi

  step "making $HOSTS Docker hosts (network namespaces weftlab-1..$HOSTS, each with its own dockerd)"
  "$LAB" up "$HOSTS" 2>&1 | sed 's/^/    /' || die "lab up failed"

  step "starting the coordinator on $API"
  mkdir -p "$DEMO"
  rm -rf "$DATA"
  mkdir -p "$DATA"
  start_proc coordinator "$DEMO/coordinator.log" java -jar "$COORD_JAR" --data-dir "$DATA" --listen "$BIND:$PORT"
  until_ok "$WAIT" "the coordinator's tokens and CA in $DATA" test -s "$DATA/admin-token" -a -s "$DATA/join-token" \
    -a -s "$DATA/ca.pem"
  TOKEN=$(cat "$DATA/admin-token")
  until_ok "$WAIT" "$API/health" curl -fsS -m 2 --cacert "$DATA/ca.pem" "$API/health"
  info "up (log: $DEMO/coordinator.log)"

  step "starting an agent on every host"
  for ((i = 1; i <= HOSTS; i++)); do
    rm -rf "/var/lib/weftlab/$i/weft"
    start_proc "agent-$i" "$DEMO/agent-$i.log" nsenter --net="/var/run/netns/weftlab-$i" java -jar "$AGENT_JAR" \
      --coordinator "$API" --join-token "$(cat "$DATA/join-token")" \
      --docker-host "unix:///run/weftlab/$i/docker.sock" --host-id "lab-$i" \
      --state-dir "/var/lib/weftlab/$i/weft" --underlay-interface eth0 \
      --plugin-socket "/run/weftlab/$i/plugins/weft.sock"
  done
  for ((i = 1; i <= HOSTS; i++)); do
    alive "agent-$i" || die "agent-$i exited: $(tail -n 5 "$DEMO/agent-$i.log")"
    until_ok "$WAIT" "host lab-$i up in GET /v1/hosts" host_up "lab-$i"
    info "lab-$i (10.77.0.$i) up (log: $DEMO/agent-$i.log)"
  done

  step "creating networks ${NETWORKS[*]} through the API"
  local out
  for n in "${NETWORKS[@]}"; do
    out=$(api POST /v1/networks "{\"name\":\"$n\"}") || die "POST /v1/networks failed: $out"
    jq -e '.subnet' <<<"$out" >/dev/null 2>&1 || die "POST /v1/networks $n: $out"
    info "$n: subnet $(jq -r .subnet <<<"$out"), VNI $(jq -r .vni <<<"$out")"
  done

  step "waiting for ${NETWORKS[*]} in docker network ls on every host (driver weft)"
  for ((i = 1; i <= HOSTS; i++)); do
    for n in "${NETWORKS[@]}"; do
      until_ok "$WAIT" "docker network $n on lab-$i" sh -c \
        "docker -H unix:///run/weftlab/$i/docker.sock network ls --filter driver=weft --format '{{.Name}}' | grep -qx $n"
    done
    info "lab-$i: $(dk "$i" network ls --filter driver=weft --format '{{.Name}}' | sort | tr '\n' ' ')"
  done

  step "starting containers on every host (docker run --network blue / --network red)"
  declare -gA CID=() CHOST=() CNET=() CIP=()
  NAMES=()
  for ((i = 1; i <= HOSTS; i++)); do
    for n in "${NETWORKS[@]}"; do
      local name=$n-$i
      CID[$name]=$(dk "$i" run -d --name "$name" --network "$n" weft/busybox:lab sleep 1d)
      CHOST[$name]=$i
      CNET[$name]=$n
      NAMES+=("$name")
    done
  done
  info "${NAMES[*]}"

  step "their Weft addresses (docker inspect; the coordinator lists them: GET /v1/networks/NAME/endpoints)"
  for name in "${NAMES[@]}"; do
    CIP[$name]=$(dk "${CHOST[$name]}" inspect "$name" \
      --format "{{(index .NetworkSettings.Networks \"${CNET[$name]}\").IPAddress}}")
    [[ -n ${CIP[$name]} ]] || die "$name has no address on ${CNET[$name]}"
    until_ok "$WAIT" "${CIP[$name]} of $name in the API" endpoint_has "${CNET[$name]}" "${CIP[$name]}"
    info "$name on lab-${CHOST[$name]}: ${CIP[$name]}"
  done

  step "pinging every container from every container"
  # let the data plane converge first: every pair inside a network, bounded
  local a b deadline=$((SECONDS + WAIT)) pending
  while :; do
    pending=0
    for a in "${NAMES[@]}"; do
      for b in "${NAMES[@]}"; do
        [[ $a != "$b" && ${CNET[$a]} == "${CNET[$b]}" ]] || continue
        dk "${CHOST[$a]}" exec "$a" ping -c 1 -W 1 "${CIP[$b]}" >/dev/null 2>&1 || pending=1
      done
    done
    ((pending == 0 || SECONDS > deadline)) && break
  done
  local tmp jobs=(); tmp=$(mktemp -d)
  for a in "${NAMES[@]}"; do
    for b in "${NAMES[@]}"; do
      [[ $a != "$b" ]] || continue
      (dk "${CHOST[$a]}" exec "$a" ping -c 2 -W 1 "${CIP[$b]}" >/dev/null 2>&1 && echo ok >"$tmp/$a.$b" ||
        echo -- >"$tmp/$a.$b") &
      jobs+=($!)
    done
  done
  wait "${jobs[@]}" # not a bare wait: the coordinator and agents are children of this shell too
  local matched=1 cell want
  echo
  printf '    %-8s' "from\\to"
  for b in "${NAMES[@]}"; do printf '%-8s' "$b"; done
  echo
  for a in "${NAMES[@]}"; do
    printf '    %-8s' "$a"
    for b in "${NAMES[@]}"; do
      if [[ $a == "$b" ]]; then printf '%-8s' "."; continue; fi
      cell=$(cat "$tmp/$a.$b")
      if [[ ${CNET[$a]} == "${CNET[$b]}" ]]; then want=ok; else want=--; fi
      if [[ $cell != "$want" ]]; then matched=0; cell="$cell!"; fi
      printf '%-8s' "$cell"
    done
    echo
  done
  rm -rf "$tmp"
  echo
  if ((matched)); then
    printf '\033[32m    matched: every container reaches the containers of its network on every host, and none of the other network\033[0m\n'
  else
    printf '\033[31m    NOT as expected (marked !): containers must reach their own network on every host and never the other\033[0m\n'
  fi

  step "ready in $((SECONDS - t0))s"
  cat <<EOF
    API          $API   (OpenAPI: $API/v1/openapi.yaml, health: $API/health, metrics: $API/metrics)
    admin token  $TOKEN
    CA           $DATA/ca.pem   (the join token carries its SHA-256; agents check it before joining)
    try          curl --cacert $DATA/ca.pem -H "Authorization: Bearer $TOKEN" $API/v1/networks
                 curl --cacert $DATA/ca.pem -H "Authorization: Bearer $TOKEN" $API/v1/hosts
                 $ROOT/cli/bin/weft --coordinator $API --ca-cert $DATA/ca.pem --token $TOKEN host ls
                 $ROOT/lab/lab.sh docker 1 ps
                 $ROOT/lab/lab.sh docker 1 exec blue-1 ping ${CIP[blue-2]}
    logs         $DEMO/coordinator.log, $DEMO/agent-N.log, /var/lib/weftlab/N/dockerd.log
    tear down    $ROOT/demo.sh down
EOF
  ((matched)) || exit 2
}

case ${1:-up} in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  -h | --help | help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) echo "usage: $0 [up|down|status]" >&2; exit 2 ;;
esac
