#!/usr/bin/env bash
# gRPC getFile of a 128 MiB piece against the HTTP gateway path, and 1 MiB PUTs through one node against dd,
# measured in one run on loopback.
#
#   bench/grpc-and-put.sh [--duration 20] [--put-rate 40]
#
# Reads and writes go through `ddc loadtest` (open model, every read checked against its CID); dd gives the disk's
# sequential write bandwidth with one fdatasync at the end (the ceiling) and with O_DSYNC per 1 MiB write (a sync
# per write, stricter than our group commit). Results go to bench/results/grpc-and-put-<date>.txt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; repo="$(dirname "$here")"
duration=20; put_rate=40
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2;;
    --put-rate) put_rate="$2"; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done

work="$(mktemp -d /tmp/ddc-bench.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

node_http=18191; node_grpc=19191
root_mnemonic="hybrid label reunion only dawn maze asset draft cousin height flock nation"
owner=6QWSw9cva8DmGCJz7mrepJhF2Z6MBCF1nu56SAErnCHYdpJP
BUCKETS="1:$owner:public" HTTP_PORT=$node_http GRPC_PORT=$node_grpc "$repo/ddc" node --data-dir "$work/node" \
  > "$work/node.log" 2>&1 & pids+=($!)
for i in $(seq 1 120); do curl -sf "http://127.0.0.1:$node_http/health" >/dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:$node_http/health" >/dev/null || { echo "node did not start:" >&2; cat "$work/node.log" >&2; exit 1; }

echo "uploading one 128 MiB piece…" >&2
head -c $((128 << 20)) /dev/urandom > "$work/big"
DDC_SKIP_BUILD=1 "$repo/ddc" upload --node "grpc://127.0.0.1:$node_grpc" --signer "$root_mnemonic" --bucket 1 \
  "$work/big" > "$work/cids.txt"

lt() { # out-dir seconds args…
  local out="$1" secs="$2"; shift 2
  DDC_SKIP_BUILD=1 "$repo/ddc" loadtest --target "http://127.0.0.1:$node_http" --target "grpc://127.0.0.1:$node_grpc" \
    --signer "$root_mnemonic" --bucket 1 --duration "${secs}s" --out "$out" "$@" >/dev/null 2>"$out.log" \
    || { echo "loadtest failed:" >&2; cat "$out.log" >&2; exit 1; }
}
field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }

# Reads at a low rate, one at a time, so each measures one transfer without queueing: MiB/s = 128 / median service time.
echo "== 128 MiB reads, one at a time, ${duration}s each: gRPC getFile, then the HTTP gateway ==" >&2
lt "$work/warm" 10 --protocol grpc --cids "$work/cids.txt" --rate 0.3 --concurrency 1 --verify-sample 0
lt "$work/grpc" "$duration" --protocol grpc --cids "$work/cids.txt" --rate 0.3 --concurrency 1 --verify-sample 0.2
lt "$work/http" "$duration" --protocol http --cids "$work/cids.txt" --rate 0.3 --concurrency 1 --verify-sample 0.2
grpc_mbs=$(field "$work/grpc/result.json" "round(128000/d['ops']['get']['serviceMillis']['p50'],1)")
http_mbs=$(field "$work/http/result.json" "round(128000/d['ops']['get']['serviceMillis']['p50'],1)")

# PUTs: an offered rate of 1 MiB pieces with 8 in flight; the achieved rate and the service times tell the capacity.
echo "== 1 MiB PUTs over gRPC, offered ${put_rate}/s, 8 in flight, ${duration}s ==" >&2
lt "$work/put" "$duration" --protocol grpc --get-ratio 0 --objects 1 --sizes 1MiB --rate "$put_rate" --concurrency 8
put_mbs=$(field "$work/put/result.json" "round(d['ops']['put']['bytesPerSecond']/1048576,1)")
put_p50=$(field "$work/put/result.json" "d['ops']['put']['serviceMillis']['p50']")
put_p99=$(field "$work/put/result.json" "d['ops']['put']['serviceMillis']['p99']")

echo "== dd: 1 GiB in 1 MiB writes to the same file system ==" >&2
dd_mbs() { dd if=/dev/zero of="$work/dd.bin" bs=1M count=1024 "$@" 2>&1 | awk '/copied/ {print $(NF-1), $NF}'; rm -f "$work/dd.bin"; }
dd_fdatasync=$(dd_mbs conv=fdatasync)
dd_dsync=$(dd_mbs oflag=dsync)
to_mbs() { python3 -c "v,u='$1'.split(); v=float(v); print(round(v*1024 if u.startswith('G') else v/1.048576 if u=='MB/s' else v*1000/1048576 if u=='kB/s' else v, 1))"; }

mkdir -p "$here/results"
out="$here/results/grpc-and-put-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "date: $(date -u +%FT%TZ)  machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r)"
  echo "128MiB getFile (gRPC)    MiB/s $grpc_mbs  (128 MiB / median service time, one read at a time)"
  echo "128MiB gateway (HTTP)    MiB/s $http_mbs  (same)"
  echo "ratio gRPC/HTTP = $(python3 -c "print(round($grpc_mbs/max($http_mbs,0.001),3))")"
  echo "1MiB PUT (gRPC, 1 node)  MiB/s $put_mbs achieved at ${put_rate}/s offered, 8 in flight; service p50 ${put_p50} ms p99 ${put_p99} ms"
  echo "dd 1MiB writes + fdatasync  MiB/s $(to_mbs "$dd_fdatasync")   ratio PUT/dd = $(python3 -c "print(round($put_mbs/$(to_mbs "$dd_fdatasync"),3))")"
  echo "dd 1MiB writes, O_DSYNC     MiB/s $(to_mbs "$dd_dsync")   ratio PUT/dd = $(python3 -c "print(round($put_mbs/$(to_mbs "$dd_dsync"),3))")"
} | tee "$out"
cp "$work/grpc/report.html" "$here/results/$(basename "$out" .txt)-grpc-report.html"
echo "full output: $out" >&2
