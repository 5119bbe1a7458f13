#!/usr/bin/env bash
# 1 MiB PUTs replicated to 3 nodes against dd bandwidth / 3, measured in one run on loopback.
#
#   bench/put-replicated.sh [--duration 20] [--warmup 30] [--put-workers 4,16,32] [--jfr]
#
# Starts `./ddc devnet --nodes 3 --no-chain` (three Full nodes in one process, one cluster, replication_total 3: a PUT
# is acknowledged once all three copies are durable) and drives it with `ddc loadtest --devnet … --model closed`: each
# of N workers sends its next 1 MiB PUT over gRPC, round robin over the nodes, when its previous one was acknowledged,
# once per N in --put-workers. Every acknowledged MiB is written three times to the same file system, so the baseline
# is dd's bandwidth for 1 GiB in 1 MiB writes there (conv=fdatasync: one sync at the end; oflag=dsync: a sync per
# write), divided by 3; dd runs before and after the PUTs (each figure the median of DD_RUNS=3 runs), and the ratio is
# given against each and against their mean
# (the disk's speed drifts on a shared machine). Before the measured runs, --warmup seconds (default 30) of the same PUTs
# at the first worker count let the JIT compile the nodes' write path (not reported), and each measured run starts with
# RUN_WARMUP seconds (default 10) of unreported PUTs from its own load generator (`ddc loadtest --warmup`: its JIT
# compiles before the measurement). Every run writes new objects (a fresh seed per `ddc loadtest`), so the nodes keep
# everything: at ≈ 100 MiB/s the default sweep stores ≈ 3 × 100 MiB per second of PUTs; the nodes refuse writes
# (RESOURCE_EXHAUSTED, "storage full") when the file system is down to its reserve. With --jfr the devnet's JVM is recorded with JFR (settings=profile) during the last PUT run
# and its hottest methods go beside the figures. Results go to bench/results/put-replicated-<date>.txt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; repo="$(dirname "$here")"
source "$here/put-lib.sh"
duration=20; warmup=30; put_workers=4,16,32; jfr=0
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2;;
    --warmup) warmup="$2"; shift 2;;
    --put-workers) put_workers="$2"; shift 2;;
    --jfr) jfr=1; shift;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done

bench_workdir

echo "starting 3 nodes (./ddc devnet --nodes 3 --no-chain)…" >&2
"$repo/ddc" devnet --nodes 3 --no-chain --data-dir "$work/devnet" --http-port 18291 --grpc-port 19291 \
  > "$work/devnet.log" 2>&1 & devnet_pid=$!; pids+=($devnet_pid)
for i in $(seq 1 240); do [ -f "$work/devnet/devnet.json" ] && break; sleep 1; done
[ -f "$work/devnet/devnet.json" ] || { echo "devnet did not start:" >&2; cat "$work/devnet.log" >&2; exit 1; }

LT_TARGET=(--devnet "$work/devnet/devnet.json"); NODE_PID=$devnet_pid
dd_baseline; dd_before_f=$dd_fdatasync; dd_before_d=$dd_dsync; runs_before_f=$dd_runs_f; runs_before_d=$dd_runs_d
if [ "$warmup" != 0 ]; then
  echo "== warm-up: ${warmup}s of the same PUTs (not reported) ==" >&2
  put_sweep "$warmup" "${put_workers%%,*}" > /dev/null
fi
sync # nor the PUTs for dd's
put_sweep_profiled "$duration" "$jfr" ${put_workers//,/ }
mapfile -t puts < "$work/puts.txt"
dd_baseline; dd_after_f=$dd_fdatasync; dd_after_d=$dd_dsync; runs_after_f=$dd_runs_f; runs_after_d=$dd_runs_d
dd_fdatasync=$(calc "round(($dd_before_f+$dd_after_f)/2,1)"); dd_dsync=$(calc "round(($dd_before_d+$dd_after_d)/2,1)")
results_name put-replicated
{
  machine_line
  echo "3 nodes in one JVM (./ddc devnet --nodes 3 --no-chain), replication_total 3, writes round robin over the nodes"
  echo "warm-up ${warmup}s at ${put_workers%%,*} workers before the measured runs, and ${RUN_WARMUP:-10}s at the start of each run from its load generator (not reported)"
  echo "extra JVM options (DDC_JAVA_OPTS, nodes and load generator): '${DDC_JAVA_OPTS:-}'; NETWORK_TRANSPORT: '${NETWORK_TRANSPORT:-nio}'"
  echo "dd 1 MiB writes, conv=fdatasync  MiB/s before $dd_before_f, after $dd_after_f, mean $dd_fdatasync  / 3 = $(calc "round($dd_fdatasync/3,1)")" \
    " (medians of ${DD_RUNS:-3}: before $runs_before_f; after $runs_after_f)"
  echo "dd 1 MiB writes, oflag=dsync     MiB/s before $dd_before_d, after $dd_after_d, mean $dd_dsync  / 3 = $(calc "round($dd_dsync/3,1)")" \
    " (medians of ${DD_RUNS:-3}: before $runs_before_d; after $runs_after_d)"
  for line in "${puts[@]}"; do
    read -r w mibs opss p50 p99 errs load client_cpu node_cpu node_sys <<< "$line"
    echo "1MiB PUT (gRPC, 3 copies, closed loop, $w workers)  MiB/s $mibs ($opss/s, service p50 $p50 ms" \
      "p99 $p99 ms, $errs errors, load $load, CPU s: client $client_cpu nodes $node_cpu of which system $node_sys)  ratio PUT/(dd-fdatasync/3) = $(calc "round(3*$mibs/$dd_fdatasync,3)")" \
      "(vs before $(calc "round(3*$mibs/$dd_before_f,3)"), after $(calc "round(3*$mibs/$dd_after_f,3)"))" \
      " PUT/(dd-dsync/3) = $(calc "round(3*$mibs/$dd_dsync,3)")"
  done
} | tee "$out"
cp "$work/put-$last_workers/report.html" "$here/results/$name-report.html"
[ "$jfr" = 1 ] && jfr_report "the nodes' JVM during the $last_workers-worker run"
echo "full output: $out" >&2
