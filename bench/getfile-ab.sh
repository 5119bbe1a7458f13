#!/usr/bin/env bash
# A/B of builds on 128 MiB gRPC getFile reads: node and client (the load generator's NodeClient) both from each build.
#
#   bench/getfile-ab.sh NAME=CHECKOUT…   e.g. bench/getfile-ab.sh old=/work/old new=. old=/work/old new=.
#
# A CHECKOUT is a source tree whose launcher/target holds a built ddc.jar (`mvn -pl launcher -am package -DskipTests`).
# Per argument, in the order given: a fresh `ddc node` of that checkout, one 128 MiB piece uploaded, then that
# checkout's `ddc loadtest`: one worker reading it back to back over gRPC (closed model, acknowledged, no content
# check), WARMUP seconds unreported (default 15) and SECONDS_ measured (default 25). Prints one line per run: reads,
# MiB/s from the median service time, and the node's and the reader's CPU (user + system, /proc) per read over the
# measured part (SECONDS_ at least 10).
# Results also go to bench/results/getfile-ab-<date>.txt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; repo="$(dirname "$here")"
source "$here/put-lib.sh" # cpu_seconds, field (and the JDK)
warmup="${WARMUP:-15}"; secs="${SECONDS_:-25}"
[ $# -gt 0 ] || { sed -n 2,11p "$0" >&2; exit 2; }
http=18491; grpc=19491
root_mnemonic="hybrid label reunion only dawn maze asset draft cousin height flock nation"
owner=6QWSw9cva8DmGCJz7mrepJhF2Z6MBCF1nu56SAErnCHYdpJP
work="$(mktemp -d)"; node_pid=""
trap '[ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null; rm -rf "$work"' EXIT
head -c $((128 << 20)) /dev/urandom > "$work/big"
mkdir -p "$here/results"; out="$here/results/getfile-ab-$(date -u +%Y%m%dT%H%M%SZ).txt"
echo "$(date -u +%FT%TZ) $(nproc) cores; 128 MiB getFile, 1 worker, ${warmup}s warm-up, ${secs}s measured" | tee "$out"
for arg in "$@"; do
  name="${arg%%=*}"; dir="$(cd "${arg#*=}" && pwd)"
  curl -sf "http://127.0.0.1:$http/health" >/dev/null && { echo "port $http is busy" >&2; exit 1; }
  rm -rf "$work/node"
  BUCKETS="1:$owner:public" HTTP_PORT=$http GRPC_PORT=$grpc DDC_SKIP_BUILD=1 "$dir/ddc" node --data-dir "$work/node" \
    > "$work/node.log" 2>&1 & node_pid=$!
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$http/health" >/dev/null && break; sleep 1; done
  DDC_SKIP_BUILD=1 "$dir/ddc" upload --node "grpc://127.0.0.1:$grpc" --signer "$root_mnemonic" --bucket 1 \
    "$work/big" > "$work/cids.txt"
  rm -rf "$work/r"
  DDC_SKIP_BUILD=1 "$dir/ddc" loadtest --target "http://127.0.0.1:$http" --target "grpc://127.0.0.1:$grpc" --signer "$root_mnemonic" --bucket 1 \
    --warmup "${warmup}s" --duration "${secs}s" --out "$work/r" --protocol grpc --model closed --concurrency 1 \
    --cids "$work/cids.txt" --verify-sample 0 > "$work/lt.log" 2>&1 & lt_pid=$!
  # the node's and the reader's CPU from 3 s into the measured part to 3 s before its end, per read at the
  # measured read rate
  sleep $((warmup + 3)); c0=$(cpu_seconds "$node_pid"); l0=$(cpu_seconds "$lt_pid"); t0=$(date +%s.%N)
  sleep $((secs - 6)); c1=$(cpu_seconds "$node_pid"); l1=$(cpu_seconds "$lt_pid"); t1=$(date +%s.%N)
  wait "$lt_pid" || { cat "$work/lt.log" >&2; exit 1; }
  field "$work/r/result.json" "'$name ($dir): %d reads, %.0f MiB/s (median service %.1f ms), CPU per read: node %.1f ms, reader %.1f ms' % (
    d['ops']['get']['ok'], 128000 / d['ops']['get']['serviceMillis']['p50'], d['ops']['get']['serviceMillis']['p50'],
    1000 * ($c1 - $c0) / max(1e-9, ($t1 - $t0) * d['ops']['get']['ok'] / $secs),
    1000 * ($l1 - $l0) / max(1e-9, ($t1 - $t0) * d['ops']['get']['ok'] / $secs))" | tee -a "$out"
  kill "$node_pid"; wait "$node_pid" 2>/dev/null || true; node_pid=""
done
echo "results: $out" >&2
