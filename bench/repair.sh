#!/usr/bin/env bash
# Repair throughput after a node loss against dd's write bandwidth, measured in one run on loopback.
#
#   bench/repair.sh [--load-seconds 20] [--put-workers 8]
#
# Starts four `./ddc node` processes (storage mode, one cluster through static seeds, replication_total 3), loads them
# with 1 MiB PUTs over gRPC for --load-seconds (`ddc loadtest --model closed`, round robin over the nodes), then kills
# one node with SIGKILL. About three quarters of its pieces had a copy there, so the survivors' repair passes
# (cluster-transfer.md §7, started once Hazelcast declares the node gone and the grace period ends) copy each of them
# to the third survivor. Repair MB/s = the bytes the survivors' passes copied over the longest of those passes (they
# run at the same time); every copied byte is written once, durably, on the receiver, so the baselines are dd's
# bandwidths for 1 GiB in 1 MiB writes to the same file system (conv=fdatasync: one sync at the end; oflag=dsync: a
# sync per write, as each received piece is synced). Results go to bench/results/repair-<date>.txt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; repo="$(dirname "$here")"
source "$here/put-lib.sh"
load=20; workers=8
while [ $# -gt 0 ]; do
  case "$1" in
    --load-seconds) load="$2"; shift 2;;
    --put-workers) workers="$2"; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done

bench_workdir
"$repo/ddc" key inspect //Alice --json > "$work/alice.json" 2>/dev/null
owner=$(field "$work/alice.json" "d['ss58Address']")
base=18400; nodes=4
seeds=""; for i in $(seq 0 $((nodes - 1))); do seeds="$seeds${seeds:+,}127.0.0.1:$((base + 30 + i))"; done
node_pids=()
echo "starting $nodes storage nodes…" >&2
for i in $(seq 0 $((nodes - 1))); do
  env -u BLOCKCHAIN_URL DDC_SKIP_BUILD=1 MODE=storage DATA_DIR="$work/node-$i" HTTP_PORT=$((base + i)) \
    GRPC_PORT=$((base + 10 + i)) P2P_PORT=$((base + 20 + i)) MEMBERSHIP_PORT=$((base + 30 + i)) \
    CLUSTER_SEEDS="$seeds" PEER_SECRET_PHRASE="//repair-bench-node-$i" REDUNDANCY_REPLICATION_TOTAL=3 \
    REDUNDANCY_REPLICATION_SUCCESS_THRESHOLD=3 BUCKETS="1:$owner:public" \
    "$repo/ddc" node > "$work/node-$i.log" 2>&1 &
  node_pids+=($!); pids+=($!)
done
for i in $(seq 0 $((nodes - 1))); do
  for _ in $(seq 1 240); do grep -q "membership: $nodes live" "$work/node-$i.log" && break; sleep 1; done
  grep -q "membership: $nodes live" "$work/node-$i.log" || { echo "node $i did not join:" >&2; tail -20 "$work/node-$i.log" >&2; exit 1; }
done

echo "== loading: 1 MiB PUTs, $workers workers, ${load}s ==" >&2
LT_TARGET=(--signer //Alice); for i in $(seq 0 $((nodes - 1))); do LT_TARGET+=(--target "grpc://127.0.0.1:$((base + 10 + i))"); done
lt "$work/load" "$load" --protocol grpc --model closed --concurrency "$workers" --get-ratio 0 --objects 1 --sizes 1MiB
loaded=$(field "$work/load/result.json" "d['ops']['put']['ok']")

victim=$((nodes - 1))
declare -A mark
for i in $(seq 0 $((victim - 1))); do mark[$i]=$(stat -c %s "$work/node-$i.log"); done
echo "== kill -9 node $victim ==" >&2
killed=$(date +%s%N); kill -9 "${node_pids[$victim]}"
done_pat="repair done: [0-9]+ pieces scanned, [0-9]+ copies made \(([0-9]+) bytes"
for i in $(seq 0 $((victim - 1))); do
  for _ in $(seq 1 300); do
    tail -c +$((mark[$i] + 1)) "$work/node-$i.log" | grep -q "membership: $victim live" &&
      tail -c +$((mark[$i] + 1)) "$work/node-$i.log" | sed -n "/membership: $victim live/,\$p" | grep -qE "$done_pat" && break
    sleep 1
  done
done
restored_ms=$(( ($(date +%s%N) - killed) / 1000000 ))
read -r bytes longest < <(for i in $(seq 0 $((victim - 1))); do
    tail -c +$((mark[$i] + 1)) "$work/node-$i.log" | grep -oE "$done_pat.*records sent, [0-9]+ ms" |
      sed -E 's/.*\(([0-9]+) bytes.*records sent, ([0-9]+) ms/\1 \2/'
  done | awk '{b += $1; if ($1 > 0 && $2 > m) m = $2} END {print b + 0, m + 0}')
[ "$longest" -gt 0 ] || { echo "no repair pass copied anything" >&2; exit 1; }
repair_mbs=$(calc "round($bytes / 1048576 / ($longest / 1000), 1)")
dd_baseline
results_name repair
{
  machine_line
  echo "loaded: $loaded pieces of 1 MiB, 3 copies each, on $nodes storage nodes; node $victim killed with SIGKILL"
  echo "repair: $bytes bytes copied by the $victim survivors' passes, longest pass $longest ms: $repair_mbs MiB/s"
  echo "        (all survivors finished a pass over the new live set $restored_ms ms after the kill, which includes"
  echo "        Hazelcast's failure detection and the repair grace period)"
  echo "baseline: dd 1 GiB in 1 MiB writes, conv=fdatasync: $dd_fdatasync MiB/s (oflag=dsync: $dd_dsync MiB/s)"
  echo "ratio: repair / dd conv=fdatasync = $(calc "round($repair_mbs / $dd_fdatasync, 2)")x," \
    "repair / dd oflag=dsync = $(calc "round($repair_mbs / $dd_dsync, 2)")x"
} | tee "$out"
echo "written to $out" >&2
