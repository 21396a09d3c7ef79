#!/usr/bin/env bash
# The test command: builds every module and runs all tests, unit and end-to-end (`mvn -B verify`).
# Run as root (the end-to-end tests make a lab of Docker hosts in network namespaces): sudo ./test.sh
# Extra arguments go to Maven, e.g. ./test.sh -pl common.
# The lab is always torn down at the end, also on failure or interrupt.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD

if [[ $(id -u) -ne 0 ]]; then
  echo "test.sh: must run as root (the end-to-end tests make network namespaces and start dockerds): sudo ./test.sh" >&2
  exit 1
fi

report_failures() {
  local f
  echo "== failure details"
  for f in $(grep -lE '(failures|errors)="[1-9]' */target/surefire-reports/TEST-*.xml */target/failsafe-reports/TEST-*.xml 2>/dev/null || true); do
    local out=${f%.xml}; out=${out/TEST-/}-output.txt
    echo "-- $f"
    grep -A15 -E '<(failure|error)' "$f" | head -n 60 || true
    [[ -f $out ]] && { echo "-- tail of $out"; tail -n 80 "$out"; }
    # a test stuck past the hang detector's limit (root pom): the stack of the thread it interrupted
    [[ -f $out ]] && grep -q 'will be interrupted' "$out" && { echo "-- stuck thread in $out";
      grep -A40 'will be interrupted' "$out" | head -n 80; }
  done
  for f in e2e/target/e2e-logs/*.log; do
    [[ -f $f ]] || continue
    echo "-- tail of $f"; tail -n 40 "$f"
  done
  for f in /var/lib/weftlab/*/dockerd.log /var/lib/weft-test-docker/dockerd.log; do
    [[ -f $f ]] || continue
    echo "-- tail of $f"; tail -n 10 "$f"
  done
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  ((rc == 0)) || report_failures || true
  "$ROOT/lab/lab.sh" down || true
  "$ROOT/coordinator/src/test/pg-image/dockerd.sh" stop || true
  exit "$rc"
}
trap cleanup EXIT INT TERM

start=$SECONDS
mvn -B -ntp -fae -Dstyle.color=never verify "$@"
echo "== test.sh: all green in $((SECONDS - start))s"
