#!/usr/bin/env bash
# Our HTTP CDN gateway against nginx serving the same bytes as static files, measured in one run with wrk.
#
#   bench/gateway-vs-nginx.sh [--duration 20] [--warmup 5] [--small-count 1000] [--connections 64] [--rounds 1] [--jfr]
#
# NICE=-10 (root) runs our node, nginx and wrk at that scheduling priority, all three alike, so that other jobs on a
# shared machine disturb the comparison less.
#
# --jfr records our node's JVM with JFR (settings=profile) during the measured 4 KiB run of the last round and writes
# its hottest methods to bench/results/gateway-vs-nginx-<date>-jfr.txt.
#
# --rounds N alternates ours and nginx N times per workload and reports the median of the per-round ratios, so that a
# change of machine load between two runs moves both sides of a ratio rather than one (use it on a shared machine).
#
# Installs nginx and wrk from Debian when missing (needs root), seeds our node's store and nginx's root with the same
# pieces, starts both on loopback, runs wrk against each in turn and prints the ratios. Results go to
# bench/results/gateway-vs-nginx-<date>.txt. nginx is tuned fairly: sendfile on, tcp_nopush, access_log off,
# open_file_cache, one worker per core, keep-alive.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; repo="$(dirname "$here")"
source "$repo/scripts/java-env.sh" # jcmd for --jfr
duration=20; warmup=5; small_count=1000; conns=64; rounds=1; jfr=0
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2;;
    --warmup) warmup="$2"; shift 2;;
    --small-count) small_count="$2"; shift 2;;
    --connections) conns="$2"; shift 2;;
    --rounds) rounds="$2"; shift 2;;
    --jfr) jfr=1; shift;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done

nice_cmd=(); if [ -n "${NICE:-}" ]; then nice_cmd=(nice -n "$NICE"); fi
need=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v wrk >/dev/null || need+=(wrk)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} from Debian…" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

work="$(mktemp -d /tmp/ddc-bench.XXXXXX)"
chmod 755 "$work"   # nginx workers run unprivileged and must read the files
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

node_http=18091; node_grpc=19091; nginx_port=18099
mkdir -p "$work/files" "$work/www/1" "$work/node"
echo "generating $small_count × 4 KiB pieces and one 64 MiB piece…" >&2
python3 - "$work/files" "$small_count" <<'PY'
import os, sys
d, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    open(os.path.join(d, f"s{i:06d}"), "wb").write(os.urandom(4096))
open(os.path.join(d, "big"), "wb").write(os.urandom(64 << 20))
PY

root_mnemonic="hybrid label reunion only dawn maze asset draft cousin height flock nation"
owner=6QWSw9cva8DmGCJz7mrepJhF2Z6MBCF1nu56SAErnCHYdpJP   # SS58 of that mnemonic's sr25519 key
BUCKETS="1:$owner:public" HTTP_PORT=$node_http GRPC_PORT=$node_grpc "${nice_cmd[@]}" "$repo/ddc" node --data-dir "$work/node" \
  > "$work/node.log" 2>&1 & node_pid=$!; pids+=($node_pid)
for i in $(seq 1 120); do curl -sf "http://127.0.0.1:$node_http/health" >/dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:$node_http/health" >/dev/null || { echo "node did not start:" >&2; cat "$work/node.log" >&2; exit 1; }

# The same bytes in both: uploaded to our node over gRPC, hard-linked into nginx's root under their CIDs.
echo "uploading through gRPC…" >&2
DDC_SKIP_BUILD=1 "$repo/ddc" upload --node "grpc://127.0.0.1:$node_grpc" --signer "$root_mnemonic" --bucket 1 \
  "$work/files"/* > "$work/cids.txt"
while read -r cid file; do ln "$file" "$work/www/1/$cid"; done < "$work/cids.txt"
grep -v ' .*/big$' "$work/cids.txt" | awk '{print "/1/"$1}' > "$work/small-paths.txt"
big_path="/1/$(grep ' .*/big$' "$work/cids.txt" | awk '{print $1}')"

cat > "$work/nginx.conf" <<NGX
worker_processes $(nproc);
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off; sendfile on; tcp_nopush on; tcp_nodelay on; keepalive_requests 1000000; keepalive_timeout 65;
  open_file_cache max=10000 inactive=60s; open_file_cache_valid 60s;
  default_type application/octet-stream;
  client_body_temp_path $work/nginx-tmp; proxy_temp_path $work/nginx-tmp; fastcgi_temp_path $work/nginx-tmp;
  uwsgi_temp_path $work/nginx-tmp; scgi_temp_path $work/nginx-tmp;
  server { listen 127.0.0.1:$nginx_port; root $work/www; }
}
NGX
mkdir -p "$work/nginx-tmp"
"${nice_cmd[@]}" "$NGINX" -c "$work/nginx.conf" -g 'daemon off;' & pids+=($!)

for i in $(seq 1 60); do curl -sf "http://127.0.0.1:$nginx_port$big_path" -o /dev/null -r 0-0 && break; sleep 0.5; done
# Both servers must answer 200 with the same bytes before anything is measured.
first_small=$(head -1 "$work/small-paths.txt")
for base in "http://127.0.0.1:$node_http" "http://127.0.0.1:$nginx_port"; do
  for p in "$first_small" "$big_path"; do
    code=$(curl -s -o "$work/check" -w '%{http_code}' "$base$p")
    [ "$code" = 200 ] || { echo "GET $base$p answered $code; not measuring" >&2; exit 1; }
    cmp -s "$work/check" "$work/www$p" || { echo "GET $base$p returned other bytes; not measuring" >&2; exit 1; }
  done
done

cat > "$work/rotate.lua" <<LUA
local paths = {}
for line in io.lines("$work/small-paths.txt") do paths[#paths + 1] = line end
local i = 0
request = function() i = i % #paths + 1; return wrk.format("GET", paths[i]) end
LUA

run_wrk() { # url-base threads conns extra-args…  (a discarded warm-up run first: JIT, page cache)
  local base="$1" t="$2" c="$3"; shift 3
  "${nice_cmd[@]}" wrk -t"$t" -c"$c" -d"${warmup}s" "$@" "$base" >/dev/null
  [ -n "${profile_this:-}" ] && "$JAVA_HOME/bin/jcmd" "$node_pid" JFR.start name=gw settings=profile >/dev/null
  "${nice_cmd[@]}" wrk -t"$t" -c"$c" -d"${duration}s" --latency "$@" "$base"
  if [ -n "${profile_this:-}" ]; then
    "$JAVA_HOME/bin/jcmd" "$node_pid" JFR.stop name=gw filename="$work/gw.jfr" >/dev/null
  fi
}
rps() { awk '/Requests\/sec/ {print $2}'; }
p99() { awk '/^ +99%/ {print $2}'; }
mbs() { awk '/Transfer\/sec/ {v=$2; if (v ~ /GB/) {sub("GB","",v); v*=1024} else if (v ~ /MB/) {sub("MB","",v)} else if (v ~ /KB/) {sub("KB","",v); v/=1024}; print v}'; }

median() { python3 -c "import statistics,sys; print(round(statistics.median(float(x) for x in sys.argv[1:]),3))" "$@"; }
ratio() { python3 -c "print(round($1/$2,3))"; }
small_ratios=(); big_ratios=(); raw=""; per_round=""
for round in $(seq 1 "$rounds"); do
  echo "== round $round/$rounds: 4 KiB GETs, HTTP/1.1 keep-alive, $conns connections, ${duration}s each ==" >&2
  [ "$jfr" = 1 ] && [ "$round" = "$rounds" ] && profile_this=1
  ours_small=$(run_wrk "http://127.0.0.1:$node_http" 2 "$conns" -s "$work/rotate.lua"); profile_this=
  nginx_small=$(run_wrk "http://127.0.0.1:$nginx_port" 2 "$conns" -s "$work/rotate.lua")
  echo "== round $round/$rounds: 64 MiB GETs, 4 connections ==" >&2
  ours_big=$(run_wrk "http://127.0.0.1:$node_http$big_path" 2 4)
  nginx_big=$(run_wrk "http://127.0.0.1:$nginx_port$big_path" 2 4)
  rs=$(ratio "$(echo "$ours_small" | rps)" "$(echo "$nginx_small" | rps)")
  rb=$(ratio "$(echo "$ours_big" | mbs)" "$(echo "$nginx_big" | mbs)")
  small_ratios+=("$rs"); big_ratios+=("$rb")
  per_round+="round $round: 4KiB ours $(echo "$ours_small" | rps) req/s p99 $(echo "$ours_small" | p99), nginx $(echo "$nginx_small" | rps) req/s p99 $(echo "$nginx_small" | p99), ratio $rs; 64MiB ours $(echo "$ours_big" | mbs) MB/s, nginx $(echo "$nginx_big" | mbs) MB/s, ratio $rb; load $(cut -d' ' -f1-3 /proc/loadavg)"$'\n'
  raw+="--- raw round $round: ours 4KiB"$'\n'"$ours_small"$'\n'"--- raw round $round: nginx 4KiB"$'\n'"$nginx_small"$'\n'
  raw+="--- raw round $round: ours 64MiB"$'\n'"$ours_big"$'\n'"--- raw round $round: nginx 64MiB"$'\n'"$nginx_big"$'\n'
done

mkdir -p "$here/results"
out="$here/results/gateway-vs-nginx-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "date: $(date -u +%FT%TZ)  machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r)  rounds: $rounds  nice: ${NICE:-0}"
  echo "4KiB  ours  req/s $(echo "$ours_small" | rps)  p99 $(echo "$ours_small" | p99)  (last round)"
  echo "4KiB  nginx req/s $(echo "$nginx_small" | rps)  p99 $(echo "$nginx_small" | p99)  (last round)"
  echo "4KiB  ratio req/s ours/nginx = $(median "${small_ratios[@]}")  (median of ${small_ratios[*]})"
  echo "64MiB ours  MB/s $(echo "$ours_big" | mbs)  (last round)"
  echo "64MiB nginx MB/s $(echo "$nginx_big" | mbs)  (last round)"
  echo "64MiB ratio MB/s ours/nginx = $(median "${big_ratios[@]}")  (median of ${big_ratios[*]})"
  echo; printf '%s' "$per_round"; echo; printf '%s' "$raw"
  echo "--- checks: status and size of one 64 MiB GET from each"
  curl -s -o /dev/null -w 'ours  %{http_code} %{size_download} bytes %{speed_download} B/s\n' "http://127.0.0.1:$node_http$big_path"
  curl -s -o /dev/null -w 'nginx %{http_code} %{size_download} bytes %{speed_download} B/s\n' "http://127.0.0.1:$nginx_port$big_path"
} > "$out"
head -7 "$out"; printf '%s' "$per_round"
if [ "$jfr" = 1 ]; then
  name="$(basename "$out" .txt)"; source "$here/put-lib.sh"
  jfr_report "our node during the measured 4 KiB run of round $rounds" "$work/gw.jfr"
fi
echo "full output: $out" >&2
