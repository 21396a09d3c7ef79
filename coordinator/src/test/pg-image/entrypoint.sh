#!/bin/sh
# PostgreSQL 15 of the coordinator tests: role and database weft/weft, trust auth on loopback, on 127.0.0.1:$PGPORT
# (the container runs with --network host). The data dir is made on the first start and kept across stop/start, so
# that a test can stop the database and find its rows again when it is back.
set -e
: "${PGPORT:?PGPORT: unset (expected: the TCP port to listen on, 1..65535)}"
PGDATA=/var/lib/postgresql/data
BIN=/usr/lib/postgresql/15/bin
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  rm -rf "$PGDATA"/* 2>/dev/null || true
  "$BIN/initdb" -D "$PGDATA" -U weft --auth=trust --locale=C -E UTF8 --no-sync >/dev/null
  echo "CREATE DATABASE weft OWNER weft" | "$BIN/postgres" --single -D "$PGDATA" -j postgres >/dev/null
fi
# synchronous_commit stays on: with it off, a COMMIT is answered before its WAL leaves PostgreSQL's own memory, and a
# killed server loses it (StoreOutageTest saw a network created just before the kill vanish: an acknowledged write lost,
# which is what the test must never see). fsync=off only skips the flush to disk: a killed process loses nothing by
# it, since this machine's kernel keeps what was written.
# docker stop sends SIGTERM, which is PostgreSQL's smart shutdown (it waits for every client to leave): turn it into
# a fast shutdown (SIGINT), as a dying database server would go.
"$BIN/postgres" -D "$PGDATA" -c listen_addresses=127.0.0.1 -p "$PGPORT" -k /tmp -c jit=off \
  -c fsync=off -c full_page_writes=off -c max_connections=200 &
pid=$!
trap 'kill -INT $pid' TERM INT
wait $pid || wait $pid
