# Shared by the benchmarks. They run on the demo's lab: ./demo.sh first (3 lab hosts, coordinator, agents,
# network blue), then bench/convergence.sh or bench/throughput.sh. Docker Swarm is set up on the same lab hosts
# for the comparison and left again at the end.
set -euo pipefail
BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LAB=$BENCH_ROOT/lab/lab.sh
DATA=${WEFT_DEMO_DIR:-/var/lib/weft-demo}/coordinator
API=${WEFT_API:-https://10.77.0.254:${WEFT_DEMO_PORT:-7700}}
CURL_TLS=(--cacert "$DATA/ca.pem")  # the demo's coordinator serves TLS with its own CA (issue 6)
WEFT_NET=${WEFT_BENCH_NETWORK:-blue}
SWARM_NET=weftbench-ov

say() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }
dk() { local i=$1; shift; docker -H "unix:///run/weftlab/$i/docker.sock" "$@"; }

require_weft() {
  [[ $(id -u) -eq 0 ]] || die "run as root"
  [[ -s $DATA/admin-token ]] || die "no $DATA/admin-token: run ./demo.sh first"
  TOKEN=$(cat "$DATA/admin-token")
  curl -fsS -m 3 "${CURL_TLS[@]}" "$API/health" >/dev/null || die "no coordinator at $API: run ./demo.sh first"
  local i
  for i in 1 2 3; do dk "$i" version >/dev/null 2>&1 || die "lab host $i is not up: run ./demo.sh first"; done
}

api() { curl -sS -m 10 "${CURL_TLS[@]}" -H "Authorization: Bearer $TOKEN" "$API$1"; }

# IP of a container's endpoint on a Weft network, or nothing yet
weft_ip() { # NETWORK CONTAINER_ID
  api "/v1/networks/$1/endpoints" | jq -r --arg id "$2" '(if type == "array" then . else .endpoints end)[]
    | select((.container // "") as $c | $c != "" and (($id | startswith($c)) or ($c | startswith($id))))
    | .ip | split("/")[0]' 2>/dev/null || true
}

wait_weft_ip() { # NETWORK CONTAINER_ID -> ip
  local ip deadline=$((SECONDS + 60))
  while :; do
    ip=$(weft_ip "$1" "$2")
    [[ -n $ip ]] && { echo "$ip"; return; }
    ((SECONDS < deadline)) || die "no Weft endpoint for $2 on $1"
    sleep 0.2
  done
}

network_ip() { # HOST CONTAINER NETWORK: its address on a Docker network
  dk "$1" inspect -f "{{(index .NetworkSettings.Networks \"$3\").IPAddress}}" "$2"
}

overlay_ip() { # HOST CONTAINER
  network_ip "$1" "$2" "$SWARM_NET"
}

swarm_up() {
  say "making a Docker Swarm of lab hosts 1-3 (advertise 10.77.0.1) and the attachable overlay $SWARM_NET"
  swarm_down_quiet
  dk 1 swarm init --advertise-addr 10.77.0.1 >/dev/null
  local tok i
  tok=$(dk 1 swarm join-token -q worker)
  for i in 2 3; do dk "$i" swarm join --token "$tok" --advertise-addr "10.77.0.$i" 10.77.0.1:2377 >/dev/null; done
  dk 1 network create -d overlay --attachable "$SWARM_NET" >/dev/null
}

swarm_down_quiet() {
  local i
  for i in 3 2 1; do dk "$i" swarm leave --force >/dev/null 2>&1 || true; done
}

# median and max of numbers on stdin (one per line)
stats() {
  sort -n | awk '{a[NR]=$1} END {if (NR==0) {print "n=0"; exit} m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2;
    printf "n=%d median=%s max=%s min=%s", NR, m, a[NR], a[1]}'
}

uptime_s() { cut -d' ' -f1 /proc/uptime; }

# ARP retries every 10 ms instead of 1 s on every interface of a container, so that the measured time is not
# rounded up to the kernel's neighbour retransmit timer (done as root from outside; the container keeps no rights)
fast_arp() { # HOST CONTAINER
  local pid
  pid=$(dk "$1" inspect -f '{{.State.Pid}}' "$2")
  nsenter -t "$pid" -n sh -c 'for f in /proc/sys/net/ipv4/neigh/*/retrans_time_ms; do
    case $f in */default/*) ;; *) echo 10 >"$f" ;; esac; done'
}
