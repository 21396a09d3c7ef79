#!/usr/bin/env bash
# The deployment tests: syntax check and lint of the playbook, the Vagrantfile, and (as root) a real run of the
# playbook on lab hosts (run-lab.sh). A part whose tools are missing is skipped with the reason; a part that runs
# and fails fails the whole. `mvn verify` runs this from the dist module, after the release archive is built.
#
#   ansible/test/check.sh            everything there are tools for
#   ansible/test/check.sh --static   no real run (no root needed)
#   ansible/test/check.sh --all      the same as no argument
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ANSIBLE_DIR=$(dirname "$HERE")
ROOT=$(dirname "$ANSIBLE_DIR")
passed=0 failed=0 skipped=0

ok() { echo "[deploy-tests] ok: $*"; passed=$((passed + 1)); }
# Under CI a missing prerequisite is a failure, never a silent skip (--static is a choice, not a lack).
skip() {
  if [[ ${CI:-} == true && $* != *"(--static)"* ]]; then bad "prerequisite missing under CI: $*"; return; fi
  echo "[deploy-tests] SKIPPED: $*"; skipped=$((skipped + 1))
}
bad() { echo "[deploy-tests] FAILED: $*"; failed=$((failed + 1)); }
have() { command -v "$1" >/dev/null 2>&1; }

cd "$ANSIBLE_DIR"
if have ansible-playbook; then
  if ansible-playbook -i inventory.example.ini --syntax-check site.yml; then ok "ansible-playbook --syntax-check"
  else bad "ansible-playbook --syntax-check"; fi
  # The inventory Vagrant generates for ../vagrant/Vagrantfile (its groups and host variables), to be sure the
  # playbook the Vagrantfile names takes it.
  vinv=$(mktemp)
  printf '%s\n' '[weft_coordinators]' 'coordinator weft_address=192.168.56.10' '[weft_agents]' \
    'docker1 weft_address=192.168.56.11' 'docker2 weft_address=192.168.56.12' 'docker3 weft_address=192.168.56.13' >"$vinv"
  if ansible-playbook -i "$vinv" --list-tasks site.yml >/dev/null; then ok "site.yml lists its tasks with Vagrant's groups"
  else bad "site.yml with Vagrant's groups"; fi
  rm -f "$vinv"
else
  skip "ansible-playbook missing (apt-get install ansible)"
fi

if have ansible-lint; then
  if ansible-lint --offline --profile production --nocolor; then ok "ansible-lint (production profile)"; else bad "ansible-lint"; fi
else
  skip "ansible-lint missing (apt-get install ansible-lint)"
fi

if have vagrant; then
  # Without a provider plugin (vagrant-libvirt, VirtualBox) vagrant validate refuses to run; -p ignores the
  # provider blocks, the rest is validated the same.
  if [[ ! -f $ROOT/ansible/site.yml ]] || ! grep -q '"../ansible/site.yml"' "$ROOT/vagrant/Vagrantfile"; then
    bad "the Vagrantfile does not name ../ansible/site.yml"
  elif (cd "$ROOT/vagrant" && VAGRANT_CHECKPOINT_DISABLE=1 vagrant validate) || (cd "$ROOT/vagrant" && VAGRANT_CHECKPOINT_DISABLE=1 vagrant validate -p); then
    ok "vagrant validate"
  else
    bad "vagrant validate"
  fi
else
  skip "vagrant missing (apt-get install vagrant vagrant-libvirt)"
fi

case ${1:---all} in
  --all | --static) ;;
  *) echo "usage: check.sh [--all|--static]" >&2; exit 2 ;;
esac

if [[ ${1:-} == --static ]]; then
  skip "real run (--static)"
elif [[ $(id -u) -ne 0 ]]; then
  skip "real run: run-lab.sh needs root"
elif ! have ansible-playbook || ! have dockerd || ! have debootstrap || ! have jq || ! have curl || ! have busybox; then
  skip "real run: needs ansible, docker.io, debootstrap, jq, curl, busybox-static"
else
  if "$HERE/run-lab.sh"; then ok "run-lab.sh"; else bad "run-lab.sh"; fi
fi

echo "deploy-tests: $passed passed, $failed failed, $skipped skipped"
((failed == 0))
