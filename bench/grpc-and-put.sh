#!/usr/bin/env bash
# gRPC getFile of a 128 MiB piece against the HTTP gateway path, and 1 MiB PUTs through one node against dd,
# measured in one run on loopback.
#
#   bench/grpc-and-put.sh [--duration 20] [--put-workers 4,16,32] [--jfr] [--reads-only] [--read-rounds 1]
#
# Reads and writes go through `ddc loadtest` (every read checked against its CID). PUTs run under the closed model:
# each of N workers sends its next 1 MiB PUT when the previous one was acknowledged, once per N in --put-workers, so
# the achieved MiB/s is the node's capacity, not an offered rate. dd gives the same file system's bandwidth for 1 GiB in
# 1 MiB writes, with one fdatasync at the end (conv=fdatasync: the ceiling) and with O_DSYNC per write (oflag=dsync:
# a sync per write, stricter than our group commit). With --jfr the node is recorded with JFR (settings=profile) during
# the last PUT run and its hottest methods go beside the figures. Results go to bench/results/grpc-and-put-<date>.txt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; repo="$(dirname "$here")"
source "$here/put-lib.sh"
duration=20; put_workers=4,16,32; jfr=0; reads_only=0; read_rounds=1
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2;;
    --put-workers) put_workers="$2"; shift 2;;
    --jfr) jfr=1; shift;;
    --reads-only) reads_only=1; shift;;   # the 128 MiB reads alone (no PUT sweep, no dd)
    --read-rounds) read_rounds="$2"; shift 2;;   # gRPC and HTTP reads alternated N times, median ratio
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done

bench_workdir

node_http=18191; node_grpc=19191
root_mnemonic="hybrid label reunion only dawn maze asset draft cousin height flock nation"
owner=6QWSw9cva8DmGCJz7mrepJhF2Z6MBCF1nu56SAErnCHYdpJP
BUCKETS="1:$owner:public" HTTP_PORT=$node_http GRPC_PORT=$node_grpc "$repo/ddc" node --data-dir "$work/node" \
  > "$work/node.log" 2>&1 & NODE_PID=$!; pids+=($NODE_PID)
for i in $(seq 1 120); do curl -sf "http://127.0.0.1:$node_http/health" >/dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:$node_http/health" >/dev/null || { echo "node did not start:" >&2; cat "$work/node.log" >&2; exit 1; }

echo "uploading one 128 MiB piece…" >&2
head -c $((128 << 20)) /dev/urandom > "$work/big"
DDC_SKIP_BUILD=1 "$repo/ddc" upload --node "grpc://127.0.0.1:$node_grpc" --signer "$root_mnemonic" --bucket 1 \
  "$work/big" > "$work/cids.txt"

LT_TARGET=(--target "http://127.0.0.1:$node_http" --target "grpc://127.0.0.1:$node_grpc" --signer "$root_mnemonic")

# Reads one at a time, back to back (closed model, one worker), each measuring one transfer without queueing:
# MiB/s = 128 / median service time. Each protocol first reads for 15 s unmeasured in the same process, so that
# both the node's and the client's read paths are compiled (a few cold reads measure the JIT, not the path).
echo "== 128 MiB reads, one at a time, ${duration}s each after 15 s of warm-up: gRPC getFile, then the HTTP gateway ==" >&2
# read_run NAME PROTOCOL: one measured read run; sets NAME's MiB/s and the node's CPU ms per read (warm-up included).
read_run() {
  local c0; c0=$(cpu_seconds "$NODE_PID")
  lt "$work/$1" "$duration" --protocol "$2" --cids "$work/cids.txt" --model closed --concurrency 1 --warmup 15s --verify-sample 0.2
  read_mbs=$(field "$work/$1/result.json" "round(128000/d['ops']['get']['serviceMillis']['p50'],1)")
  read_node_ms=$(field "$work/$1/result.json" "round(1000*($(cpu_seconds "$NODE_PID")-$c0)/max(1,d['ops']['get']['ok']),1)")
}
read_lines=(); ratios=()
for r in $(seq 1 "$read_rounds"); do
  read_run grpc grpc; grpc_mbs=$read_mbs; grpc_node_ms=$read_node_ms
  read_run http http; http_mbs=$read_mbs; http_node_ms=$read_node_ms
  ratios+=("$(calc "round($grpc_mbs/max($http_mbs,0.001),3)")")
  read_lines+=("round $r (load $(cut -d' ' -f1-3 /proc/loadavg)):"
    "128MiB getFile (gRPC)    MiB/s $grpc_mbs  (128 MiB / median service time, one read at a time; node CPU $grpc_node_ms ms per measured read, warm-up reads' CPU included)"
    "128MiB gateway (HTTP)    MiB/s $http_mbs  (same; node CPU $http_node_ms ms per measured read)"
    "ratio gRPC/HTTP = ${ratios[-1]}")
done
read_line() {
  printf '%s\n' "${read_lines[@]}"
  [ "$read_rounds" -gt 1 ] && echo "median ratio gRPC/HTTP over $read_rounds rounds = $(calc "sorted([$(IFS=,; echo "${ratios[*]}")])[$read_rounds // 2]")"
  return 0
}
if [ "$reads_only" = 1 ]; then
  results_name grpc-reads
  { machine_line; read_line; } | tee "$out"
  cp "$work/grpc/report.html" "$here/results/$name-grpc-report.html"
  echo "full output: $out" >&2
  exit 0
fi

# PUTs under the closed model, then dd on the same file system ($work), right after.
put_sweep_profiled "$duration" "$jfr" ${put_workers//,/ }
mapfile -t puts < "$work/puts.txt"
dd_baseline
results_name grpc-and-put
{
  machine_line
  read_line
  echo "dd 1 MiB writes, conv=fdatasync  MiB/s $dd_fdatasync"
  echo "dd 1 MiB writes, oflag=dsync     MiB/s $dd_dsync"
  for line in "${puts[@]}"; do
    read -r w mibs opss p50 p99 errs load client_cpu node_cpu node_sys <<< "$line"
    echo "1MiB PUT (gRPC, 1 node, closed loop, $w workers)  MiB/s $mibs ($opss/s, service p50 $p50 ms p99 $p99 ms," \
      "$errs errors, load $load, CPU s: client $client_cpu node $node_cpu of which system $node_sys)  ratio PUT/dd-fdatasync = $(calc "round($mibs/$dd_fdatasync,3)")" \
      " PUT/dd-dsync = $(calc "round($mibs/$dd_dsync,3)")"
  done
} | tee "$out"
cp "$work/grpc/report.html" "$here/results/$name-grpc-report.html"
[ "$jfr" = 1 ] && jfr_report "the node during the $last_workers-worker run"
echo "full output: $out" >&2
