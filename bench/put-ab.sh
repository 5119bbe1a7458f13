#!/usr/bin/env bash
# A/B of node builds on replicated PUTs: the same loadtest against a fresh 3-node devnet of each build, in the order given.
#
#   bench/put-ab.sh [NAME=VALUE…] BUILD-DIR…   (a BUILD-DIR is a copy of launcher/target: ddc.jar and its lib/)
#   SIZE=4KiB CONC=32 WARMUP=60 SECONDS_=20 bench/put-ab.sh /tmp/old /tmp/new /tmp/old /tmp/new
#   bench/put-ab.sh /tmp/b NETWORK_TRANSPORT=epoll /tmp/b /tmp/b NETWORK_TRANSPORT=epoll /tmp/b
#
# NAME=VALUE words set the devnet's environment for the next BUILD-DIR only (node settings such as NETWORK_TRANSPORT),
# so that one build's settings can be compared the same way as two builds.
#
# Per build: `ddc devnet --nodes 3 --no-chain` (replication_total 3) from that build, then one `ddc loadtest` of this
# checkout: WARMUP seconds (default 60; the JIT of three nodes and the load generator on 2 cores needs that long) of
# closed-loop PUTs of SIZE (default 1MiB) over gRPC at CONC workers (default 16), unreported (`--warmup`), then
# SECONDS_ (default 20) measured. With LOADGEN=build the load generator is the build's own (`ddc.jar loadtest` of
# that BUILD-DIR, so a change to the client's write path counts too) instead of this checkout's. Prints one line per
# run: PUT MiB/s, service p50 ms, PUT/s, the nodes' CPU (user + system, from /proc, over the measured seconds) per
# PUT in microseconds, and the load generator's (over all but the last measured second, when it reports and exits).
# RATE=N paces the PUTs instead (open model, N per second, CONC connections at most): CPU per PUT at equal load.
# Nodes and load generator run at nice NICE (default −10). Keep a copy of launcher/target before rebuilding to have the
# old build. Results also go to bench/results/put-ab-<date>.txt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; repo="$(dirname "$here")"
source "$here/put-lib.sh" # cpu_seconds, await_warmed (and the JDK)
model=closed; [ -z "${RATE:-}" ] || model=open
size="${SIZE:-1MiB}"; conc="${CONC:-16}"; warmup="${WARMUP:-60}"; secs="${SECONDS_:-20}"; nice_="${NICE:--10}"
[ $# -gt 0 ] || { sed -n 2,20p "$0" >&2; exit 2; }
work="$(mktemp -d)"; devnet_pid=""
trap '[ -n "$devnet_pid" ] && kill "$devnet_pid" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$here/results"; out="$here/results/put-ab-$(date -u +%Y%m%dT%H%M%SZ).txt"
echo "$(date -u +%FT%TZ) $(nproc) cores; PUTs of $size, $conc workers, ${warmup}s warm-up, ${secs}s measured;" \
  "load generator: ${LOADGEN:-checkout}, ${RATE:+$RATE PUT/s, }$model model" | tee "$out"
run_env=()
for dir in "$@"; do
  if [[ "$dir" =~ ^[A-Z_]+= ]]; then run_env+=("$dir"); continue; fi
  label="$dir${run_env[*]:+ ${run_env[*]}}"
  rm -rf "$work/devnet"
  env "${run_env[@]}" nice -n "$nice_" "$JAVA_HOME/bin/java" -XX:G1HeapRegionSize=16m --add-modules=jdk.incubator.vector \
    --sun-misc-unsafe-memory-access=allow -Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true \
    -jar "$dir/ddc.jar" devnet --nodes 3 --no-chain --data-dir "$work/devnet" --http-port 18391 --grpc-port 19391 \
    > "$work/devnet.log" 2>&1 & devnet_pid=$!
  for _ in $(seq 1 120); do [ -f "$work/devnet/devnet.json" ] && break; sleep 1; done
  [ -f "$work/devnet/devnet.json" ] || { cat "$work/devnet.log" >&2; exit 1; }
  rm -f "$work/measured.log"
  if [ "${LOADGEN:-checkout}" = build ]; then
    loadgen=("$JAVA_HOME/bin/java" -XX:G1HeapRegionSize=16m --add-modules=jdk.incubator.vector
      --sun-misc-unsafe-memory-access=allow -Dchronicle.analytics.disable=true -jar "$dir/ddc.jar")
  else
    loadgen=("$repo/ddc")
  fi
  DDC_SKIP_BUILD=1 nice -n "$nice_" "${loadgen[@]}" loadtest --devnet "$work/devnet/devnet.json" --bucket 1 \
    --warmup "${warmup}s" --duration "${secs}s" --out "$work/measured" --protocol grpc --model "$model" ${RATE:+--rate "$RATE"} \
    --concurrency "$conc" --get-ratio 0 --objects 1 --sizes "$size" > "$work/measured.log" 2>&1 & lt_pid=$!
  await_warmed "$work/measured.log" "$lt_pid"
  before=$(cpu_seconds "$devnet_pid"); lt_before=$(cpu_seconds "$lt_pid")
  # The load generator's JVM is gone once it reported: sample it one second before the measured seconds end.
  sleep $((secs > 1 ? secs - 1 : 1)); lt_after=$(cpu_seconds "$lt_pid" 2>/dev/null || echo "$lt_before")
  wait "$lt_pid" || { cat "$work/measured.log" >&2; exit 1; }
  after=$(cpu_seconds "$devnet_pid")
  python3 - "$work/measured/result.json" "$before" "$after" "$secs" "$label" "$lt_before" "$lt_after" <<'PY' | tee -a "$out"
import json, sys, time
d = json.load(open(sys.argv[1]))["ops"]["put"]
cpu = float(sys.argv[3]) - float(sys.argv[2])
secs = float(sys.argv[4])
ops = d["opsPerSecond"]
lt = (float(sys.argv[7]) - float(sys.argv[6])) / max(secs - 1, 1)
print(f"{time.strftime('%H:%M:%S', time.gmtime())} {sys.argv[5]}: {d['bytesPerSecond'] / 1048576:.1f} MiB/s,"
      f" p50 {d['serviceMillis']['p50']} ms, {ops:.1f} PUT/s, node CPU {cpu:.1f} s ="
      f" {cpu / (ops * secs) * 1e6:.0f} us per PUT, load generator {lt:.2f} cores = {lt / ops * 1e6:.0f} us per PUT")
PY
  kill "$devnet_pid"; wait "$devnet_pid" 2>/dev/null || true; devnet_pid=""; run_env=(); sleep 2
done
echo "results: $out" >&2
