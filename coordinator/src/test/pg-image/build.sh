#!/usr/bin/env bash
# Makes the image weft-test/postgres:15 for the coordinator tests (Testcontainers), from this machine's Debian
# PostgreSQL 15 and the libraries it links, busybox-static for a shell, a postgres user and entrypoint.sh. No registry
# is needed: the root filesystem is imported with `docker import`. Idempotent: when the image exists with the same
# content hash (label weft.content) nothing is done. Prints the image name.
#   DOCKER_HOST=unix:///run/weft-test-docker/docker.sock build.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
IMAGE=${WEFT_TEST_PG_IMAGE:-weft-test/postgres:15}
PG=/usr/lib/postgresql/15
SHARE=/usr/share/postgresql/15
UID_PG=999
for f in "$PG/bin/postgres" "$PG/bin/initdb" "$PG/bin/pg_ctl" "$SHARE/postgres.bki" /bin/busybox; do
  [[ -e $f ]] || { echo "build.sh: $f missing (apt-get install postgresql-15 busybox-static)" >&2; exit 1; }
done
! ldd /bin/busybox >/dev/null 2>&1 || { echo "build.sh: /bin/busybox is not static (apt-get install busybox-static)" >&2; exit 1; }

root=$(mktemp -d /tmp/weft-pg-image.XXXXXX)
trap 'rm -rf "$root"' EXIT
copy() { mkdir -p "$root$(dirname "$1")"; cp -aL "$1" "$root$1"; }

mkdir -p "$root"/{bin,etc,tmp,var/lib/postgresql/data,dev,proc,sys,usr/share/zoneinfo}
chmod 1777 "$root/tmp"
cp /bin/busybox "$root/bin/busybox"
for a in sh rm cat echo ls mkdir; do ln -s busybox "$root/bin/$a"; done
bins=("$PG/bin/postgres" "$PG/bin/initdb" "$PG/bin/pg_ctl")
# the libraries initdb and the server load; no JIT (llvmjit.so would bring LLVM, jit=off)
libs=()
for so in "$PG"/lib/*.so; do
  [[ $(basename "$so") == llvmjit.so ]] || libs+=("$so")
done
for f in "${bins[@]}" "${libs[@]}"; do copy "$f"; done
mkdir -p "$root$(dirname "$SHARE")"; cp -aL "$SHARE" "$root$SHARE"
rm -rf "$root$SHARE/man"
for z in UTC Etc/UTC GMT; do
  if [[ -e /usr/share/zoneinfo/$z ]]; then copy "/usr/share/zoneinfo/$z"; fi
done
# every shared library the binaries and modules link, with the dynamic loader
ldd "${bins[@]}" "${libs[@]}" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' \
  | sort -u | while read -r l; do
  if [[ -e $l ]]; then copy "$l"; fi
done
if [[ -e /lib64/ld-linux-x86-64.so.2 ]]; then copy /lib64/ld-linux-x86-64.so.2; fi
# glibc's name service for getpwuid (initdb checks the user)
for l in /lib/x86_64-linux-gnu/libnss_files.so.2; do
  if [[ -e $l ]]; then copy "$l"; fi
done
printf 'root:x:0:0:root:/root:/bin/sh\npostgres:x:%d:%d:PostgreSQL:/var/lib/postgresql:/bin/sh\n' $UID_PG $UID_PG \
  >"$root/etc/passwd"
printf 'root:x:0:\npostgres:x:%d:\n' $UID_PG >"$root/etc/group"
printf 'passwd: files\ngroup: files\n' >"$root/etc/nsswitch.conf"
install -m 0755 "$HERE/entrypoint.sh" "$root/entrypoint.sh"
chown -R $UID_PG:$UID_PG "$root/var/lib/postgresql"
chmod 0700 "$root/var/lib/postgresql/data"

# content hash: every path, its mode, owner and bytes
hash=$(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | while read -r p; do
  stat -c '%n %a %u %g %F' "$p"
  if [[ -f $p && ! -L $p ]]; then sha256sum <"$p"; elif [[ -L $p ]]; then readlink "$p"; fi
done | sha256sum | cut -c1-16)
have=$(docker image inspect -f '{{index .Config.Labels "weft.content"}}' "$IMAGE" 2>/dev/null || true)
if [[ $have == "$hash" ]]; then
  echo "$IMAGE"
  exit 0
fi
tar --numeric-owner -C "$root" -c . | docker import \
  --change "LABEL weft.content=$hash" --change 'USER postgres' --change 'ENTRYPOINT ["/entrypoint.sh"]' - "$IMAGE" >/dev/null
echo "$IMAGE"
