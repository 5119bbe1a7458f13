#!/usr/bin/env bash
# Our HTTP CDN gateway against nginx serving the same bytes as static files, measured in one run with wrk.
#
#   bench/gateway-vs-nginx.sh [--duration 20] [--warmup 5] [--small-count 1000] [--connections 64] [--rounds 1] [--jfr]
#                             [--skip-big] [--first-warmup 10] [--pace-ms 0] [--nginx-reuseport]
#                             [--variant NAME[@CHECKOUT]=JAVA-OPTIONS]…
#
# --pace-ms N: every wrk connection waits N ms on average before each 4 KiB request (wrk's delay(), whole ms: a
# fraction is the chance of one more ms), so both servers get the same load below their maximum (about
# 64 000 / (N + latency in ms) requests per second) and their latencies compare at equal load rather than each at its
# own maximum. 0 (the default): closed loop without pause, the issue's workload.
#
# --nginx-reuseport: nginx listens with reuseport (one listening socket per worker, the kernel spreads the connections
# evenly by hash) instead of one socket shared by its workers (whichever worker accepts first takes the connection).
# Each measured nginx run also prints how many of wrk's connections each worker holds.
#
# --first-warmup S: before round 1, one discarded S-second 4 KiB run against each node and nginx, so that the JIT has
# compiled the hot path before anything is measured (after the per-run warm-up alone, C2 still used 0.5–1.5 CPU-s of
# round 1's 10 s; 0 turns it off).
#
# --variant (repeatable) runs one node per variant, side by side on their own ports, each seeded with the same pieces:
# NAME labels it, JAVA-OPTIONS are added to that node's JVM (DDC_JAVA_OPTS) except words NAME=VALUE, which are set in
# its environment (node settings such as NETWORK_TRANSPORT=nio), @CHECKOUT runs the ./ddc of another
# checkout (an older build). Every round measures each variant and nginx one after the other, so an A/B of two builds
# or two JVM settings is compared within the same run and the same machine load. Without --variant there is one node,
# "ours", with $DDC_JAVA_OPTS.
#
# For each measured 4 KiB run the output also holds: wrk's p99.9, p99.99 and maximum latency, the CPU seconds per
# thread group of the node (from /proc/<pid>/task/*/stat) and of wrk, the context switches of the node's event loops
# and of nginx's workers (voluntary: the thread waited for events; involuntary: it was preempted while runnable), and
# the node's stop-the-world time in that window
# (safepoints and GC pauses, from the -Xlog:gc,safepoint log every node writes).
#
# NICE=-10 (root) runs our node, nginx and wrk at that scheduling priority, all three alike, so that other jobs on a
# shared machine disturb the comparison less.
#
# --jfr records our node's JVM with JFR (settings=profile) during the measured 4 KiB run of the last round and writes
# its hottest methods to bench/results/gateway-vs-nginx-<date>-jfr.txt.
#
# --rounds N alternates ours and nginx N times per workload and reports the median of the per-round ratios, so that a
# change of machine load between two runs moves both sides of a ratio rather than one (use it on a shared machine).
# For the 4 KiB workload it also prints the issue's two goals (req/s >= 1.0x nginx's, p99 no worse) round by round:
# how many rounds met each and both, and the verdict on the medians of the per-round ratios (gateway-lib.py verdict).
#
# Installs nginx and wrk from Debian when missing (needs root), seeds our node's store and nginx's root with the same
# pieces, starts both on loopback, runs wrk against each in turn and prints the ratios. Results go to
# bench/results/gateway-vs-nginx-<date>.txt. nginx is tuned fairly: sendfile on, tcp_nopush, access_log off,
# open_file_cache, one worker per core, keep-alive.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; repo="$(dirname "$here")"
source "$repo/scripts/java-env.sh" # jcmd for --jfr
duration=20; warmup=5; small_count=1000; conns=64; rounds=1; jfr=0; skip_big=0; first_warmup=10; pace_ms=0; variants=()
listen_opts=""
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2;;
    --warmup) warmup="$2"; shift 2;;
    --small-count) small_count="$2"; shift 2;;
    --connections) conns="$2"; shift 2;;
    --rounds) rounds="$2"; shift 2;;
    --jfr) jfr=1; shift;;
    --skip-big) skip_big=1; shift;;
    --first-warmup) first_warmup="$2"; shift 2;;
    --pace-ms) pace_ms="$2"; shift 2;;
    --variant) variants+=("$2"); shift 2;;
    --nginx-reuseport) listen_opts=" reuseport"; shift;;
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
[ ${#variants[@]} -gt 0 ] || variants=("ours=${DDC_JAVA_OPTS:-}")
names=(); node_pids=(); node_ports=()
for i in "${!variants[@]}"; do
  spec="${variants[$i]}"; head="${spec%%=*}"; opts="${spec#*=}"
  name="${head%%@*}"; checkout="$repo"; [ "$head" != "$name" ] && checkout="${head#*@}"
  http=$((node_http + 10 * i)); grpc=$((node_grpc + 10 * i))
  mkdir -p "$work/node-$name"
  # words of the form NAME=VALUE are node settings from the environment (NETWORK_TRANSPORT=nio), the rest JVM options
  env_opts=(); jvm_opts=""
  for word in $opts; do
    if [[ "$word" =~ ^[A-Z_]+= ]]; then env_opts+=("$word"); else jvm_opts+=" $word"; fi
  done
  env "${env_opts[@]}" DDC_SKIP_BUILD=1 DDC_JAVA_OPTS="$jvm_opts -Xlog:gc,safepoint:file=$work/gc-$name.log:timemillis" \
    BUCKETS="1:$owner:public" HTTP_PORT=$http GRPC_PORT=$grpc "${nice_cmd[@]}" "$checkout/ddc" node \
    --data-dir "$work/node-$name" > "$work/node-$name.log" 2>&1 & pids+=($!)
  names+=("$name"); node_pids+=($!); node_ports+=($http)
  echo "variant $name: $checkout/ddc node, JVM options '$opts', port $http" >&2
done
for i in "${!names[@]}"; do
  for t in $(seq 1 120); do curl -sf "http://127.0.0.1:${node_ports[$i]}/health" >/dev/null && break; sleep 1; done
  curl -sf "http://127.0.0.1:${node_ports[$i]}/health" >/dev/null \
    || { echo "node ${names[$i]} did not start:" >&2; cat "$work/node-${names[$i]}.log" >&2; exit 1; }
done
node_pid=${node_pids[0]}

# The same bytes in both: uploaded to our node over gRPC, hard-linked into nginx's root under their CIDs.
echo "uploading through gRPC…" >&2
for i in "${!names[@]}"; do
  DDC_SKIP_BUILD=1 "$repo/ddc" upload --node "grpc://127.0.0.1:$((node_grpc + 10 * i))" --signer "$root_mnemonic" \
    --bucket 1 "$work/files"/* > "$work/cids-$i.txt"
done
cp "$work/cids-0.txt" "$work/cids.txt"
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
  server { listen 127.0.0.1:$nginx_port$listen_opts; root $work/www; }
}
NGX
mkdir -p "$work/nginx-tmp"
"${nice_cmd[@]}" "$NGINX" -c "$work/nginx.conf" -g 'daemon off;' & nginx_pid=$!; pids+=($nginx_pid)

for i in $(seq 1 60); do curl -sf "http://127.0.0.1:$nginx_port$big_path" -o /dev/null -r 0-0 && break; sleep 0.5; done
# Both servers must answer 200 with the same bytes before anything is measured.
first_small=$(head -1 "$work/small-paths.txt")
bases=(); for port in "${node_ports[@]}" "$nginx_port"; do bases+=("http://127.0.0.1:$port"); done
for base in "${bases[@]}"; do
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
$( [ "$pace_ms" != 0 ] && python3 -c "import math,sys; p=float(sys.argv[1]); f=math.floor(p)
print(f'delay = function() if math.random() < {p - f!r} then return {f + 1} end return {f} end')" "$pace_ms" )
done = function(summary, latency, requests)
  io.write(string.format("tail: p99.9 %.2fms p99.99 %.2fms max %.2fms over %d requests\\n",
    latency:percentile(99.9) / 1000, latency:percentile(99.99) / 1000, latency.max / 1000, summary.requests))
end
LUA

lib() { python3 "$here/gateway-lib.py" "$@"; }
now_ms() { date +%s%3N; }
run_wrk() { # url-base threads conns [node-index|-] extra-args…  (a discarded warm-up run first: JIT, page cache)
  local base="$1" t="$2" c="$3" n="$4"; shift 4
  "${nice_cmd[@]}" wrk -t"$t" -c"$c" -d"${warmup}s" "$@" "$base" >/dev/null
  [ -n "${profile_this:-}" ] && "$JAVA_HOME/bin/jcmd" "${node_pids[$n]}" JFR.start name=gw settings=profile >/dev/null
  [ "$n" != - ] && lib threads "${node_pids[$n]}" "$work/threads-before"
  local from; from=$(now_ms)
  nginx_cpu_before=""; [ "$n" = - ] && [ "$base" = "http://127.0.0.1:$nginx_port" ] && nginx_cpu_before=$(nginx_cpu) \
    && nginx_switches_before=$(lib switches $(cat "/proc/$nginx_pid/task/$nginx_pid/children"))
  # half-way through an nginx run: how its workers share the connections (the kernel hands each to one worker)
  [ -n "${nginx_cpu_before:-}" ] && (sleep $((duration / 2)); ss -tnpH state established "( sport = :$nginx_port )" \
    | grep -o 'pid=[0-9]*' | sort | uniq -c | awk '{printf "%s%s", sep, $1; sep=" / "}' > "$work/nginx-conns") &
  /usr/bin/time -f "  wrk: %U user + %S system CPU-s" -o "$work/wrk-cpu" \
    "${nice_cmd[@]}" wrk -t"$t" -c"$c" -d"${duration}s" --latency "$@" "$base"
  if [ "$n" = - ] && [ -n "${nginx_cpu_before:-}" ]; then
    echo "  nginx: $(python3 -c "print(round($(nginx_cpu) - $nginx_cpu_before, 2))") CPU-s in all (its workers)"
    read -r v1 i1 <<< "$nginx_switches_before"
    read -r v2 i2 < <(lib switches $(cat "/proc/$nginx_pid/task/$nginx_pid/children"))
    echo "  nginx workers: $((v2 - v1)) voluntary, $((i2 - i1)) involuntary context switches; connections per worker: $(cat "$work/nginx-conns" 2>/dev/null)"
  fi
  if [ "$n" != - ]; then
    local to; to=$(now_ms)
    lib threads "${node_pids[$n]}" "$work/threads-after"
    lib thread-cpu "$work/threads-before" "$work/threads-after"
    lib pauses "$work/gc-${names[$n]}.log" "$from" "$to"
  fi
  cat "$work/wrk-cpu"
  if [ -n "${profile_this:-}" ]; then
    "$JAVA_HOME/bin/jcmd" "${node_pids[$n]}" JFR.stop name=gw filename="$work/gw.jfr" >/dev/null
  fi
}
nginx_cpu() { # CPU seconds of nginx's worker processes so far
  local total=0 w
  for w in $(cat "/proc/$nginx_pid/task/$nginx_pid/children"); do total="$total + $(lib cpu "$w")"; done
  python3 -c "print($total)"
}
tail_line() { awk '/^tail:/ {sub("tail: ", ""); print}'; }
rps() { awk '/Requests\/sec/ {print $2}'; }
p99() { awk '/^ +99%/ {print $2}'; }
mbs() { awk '/Transfer\/sec/ {v=$2; if (v ~ /GB/) {sub("GB","",v); v*=1024} else if (v ~ /MB/) {sub("MB","",v)} else if (v ~ /KB/) {sub("KB","",v); v/=1024}; print v}'; }

median() { python3 -c "import statistics,sys; print(round(statistics.median(float(x) for x in sys.argv[1:]),3))" "$@"; }
ratio() { python3 -c "print(round($1/$2,3))"; }
if [ "$first_warmup" -gt 0 ]; then
  echo "== first warm-up: ${first_warmup}s of 4 KiB GETs against each server ==" >&2
  for port in "${node_ports[@]}" "$nginx_port"; do
    "${nice_cmd[@]}" wrk -t2 -c"$conns" -d"${first_warmup}s" -s "$work/rotate.lua" "http://127.0.0.1:$port" >/dev/null
  done
fi
declare -A small_ratios big_ratios; raw=""; per_round=""
for round in $(seq 1 "$rounds"); do
  echo "== round $round/$rounds: 4 KiB GETs, HTTP/1.1 keep-alive, $conns connections, ${duration}s each ==" >&2
  declare -A ours_small ours_big
  for i in "${!names[@]}"; do
    [ "$jfr" = 1 ] && [ "$round" = "$rounds" ] && [ "$i" = 0 ] && profile_this=1
    ours_small[$i]=$(run_wrk "http://127.0.0.1:${node_ports[$i]}" 2 "$conns" "$i" -s "$work/rotate.lua"); profile_this=
  done
  nginx_small=$(run_wrk "http://127.0.0.1:$nginx_port" 2 "$conns" - -s "$work/rotate.lua")
  if [ "$skip_big" = 0 ]; then
    echo "== round $round/$rounds: 64 MiB GETs, 4 connections ==" >&2
    for i in "${!names[@]}"; do
      ours_big[$i]=$(run_wrk "http://127.0.0.1:${node_ports[$i]}$big_path" 2 4 - )
    done
    nginx_big=$(run_wrk "http://127.0.0.1:$nginx_port$big_path" 2 4 -)
  fi
  per_round+="round $round (load $(cut -d' ' -f1-3 /proc/loadavg)): 4KiB nginx $(echo "$nginx_small" | rps) req/s p99 $(echo "$nginx_small" | p99) ($(echo "$nginx_small" | tail_line))"
  [ "$skip_big" = 0 ] && per_round+="; 64MiB nginx $(echo "$nginx_big" | mbs) MB/s"
  per_round+=$'\n'"$(echo "$nginx_small" | grep -E '^  (nginx|wrk)')"$'\n'
  raw+="--- raw round $round: nginx 4KiB"$'\n'"$nginx_small"$'\n'
  for i in "${!names[@]}"; do
    rs=$(ratio "$(echo "${ours_small[$i]}" | rps)" "$(echo "$nginx_small" | rps)")
    small_ratios[$i]+="$rs "
    echo "$(echo "${ours_small[$i]}" | rps) $(echo "${ours_small[$i]}" | p99) $(echo "$nginx_small" | rps) $(echo "$nginx_small" | p99)" \
      >> "$work/rounds-$i.txt"
    per_round+="  ${names[$i]}: 4KiB $(echo "${ours_small[$i]}" | rps) req/s p99 $(echo "${ours_small[$i]}" | p99) ($(echo "${ours_small[$i]}" | tail_line)), ratio $rs"
    raw+="--- raw round $round: ${names[$i]} 4KiB"$'\n'"${ours_small[$i]}"$'\n'
    if [ "$skip_big" = 0 ]; then
      rb=$(ratio "$(echo "${ours_big[$i]}" | mbs)" "$(echo "$nginx_big" | mbs)")
      big_ratios[$i]+="$rb "
      per_round+="; 64MiB $(echo "${ours_big[$i]}" | mbs) MB/s, ratio $rb"
      raw+="--- raw round $round: ${names[$i]} 64MiB"$'\n'"${ours_big[$i]}"$'\n'
    fi
    per_round+=$'\n'"$(echo "${ours_small[$i]}" | grep -E '^  (node|wrk)')"$'\n'
  done
  [ "$skip_big" = 0 ] && raw+="--- raw round $round: nginx 64MiB"$'\n'"$nginx_big"$'\n'
done

mkdir -p "$here/results"
out="$here/results/gateway-vs-nginx-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "date: $(date -u +%FT%TZ)  machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r)  rounds: $rounds  nice: ${NICE:-0}  pace: ${pace_ms} ms  nginx listen:${listen_opts:- shared}"
  for i in "${!names[@]}"; do
    # shellcheck disable=SC2086
    echo "4KiB  ${names[$i]}: ratio req/s to nginx = $(median ${small_ratios[$i]})  (median of ${small_ratios[$i]})"
    echo "4KiB  ${names[$i]}: $(lib verdict "$work/rounds-$i.txt")"
    # shellcheck disable=SC2086
    [ "$skip_big" = 0 ] && echo "64MiB ${names[$i]}: ratio MB/s to nginx = $(median ${big_ratios[$i]})  (median of ${big_ratios[$i]})"
    echo "  JVM options: ${variants[$i]#*=}"
  done
  echo; printf '%s' "$per_round"; echo; printf '%s' "$raw"
  echo "--- checks: status and size of one 64 MiB GET from each"
  curl -s -o /dev/null -w 'ours  %{http_code} %{size_download} bytes %{speed_download} B/s\n' "http://127.0.0.1:${node_ports[0]}$big_path"
  curl -s -o /dev/null -w 'nginx %{http_code} %{size_download} bytes %{speed_download} B/s\n' "http://127.0.0.1:$nginx_port$big_path"
} > "$out"
sed -n '1,/^$/p' "$out"; printf '%s' "$per_round"
if [ "$jfr" = 1 ]; then
  name="$(basename "$out" .txt)"; source "$here/put-lib.sh"
  jfr_report "our node during the measured 4 KiB run of round $rounds" "$work/gw.jfr"
fi
echo "full output: $out" >&2
