# Shared by bench/grpc-and-put.sh and bench/put-replicated.sh (sourced, not run): the dd baseline, the closed-loop
# PUT sweep through `ddc loadtest`, a JFR profile of the nodes, and small helpers. Callers set `repo`, `work` and the array `LT_TARGET`
# (the loadtest arguments that name the nodes and the signer).

# bench_workdir: a fresh $work under /tmp, and an EXIT trap that stops the processes in `pids` and removes it.
bench_workdir() {
  work="$(mktemp -d /tmp/ddc-bench.XXXXXX)"
  pids=()
  trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT
}

source "$repo/scripts/java-env.sh" # jcmd and jfr of the JDK the nodes run on

# field FILE PYTHON-EXPR: a value from a result.json (`d` is the parsed file).
field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }

# calc PYTHON-EXPR: arithmetic for the report lines.
calc() { python3 -c "print($1)"; }

# lt OUT-DIR SECONDS ARGS…: one `ddc loadtest` run against LT_TARGET; fails the script with its log on error. The
# load generator's CPU seconds (user, system) go to OUT-DIR.cpu.
lt() {
  local out="$1" secs="$2"; shift 2
  DDC_SKIP_BUILD=1 /usr/bin/time -f "%U %S" -o "$out.cpu" "$repo/ddc" loadtest "${LT_TARGET[@]}" --bucket 1 --duration "${secs}s" --out "$out" "$@" \
    >/dev/null 2>"$out.log" || { echo "loadtest failed:" >&2; cat "$out.log" >&2; exit 1; }
}

# dd_mibs DIR DD-ARGS…: MiB/s of 1 GiB written to DIR in 1 MiB writes (bytes / elapsed seconds as dd reports them).
dd_mibs() {
  local dir="$1"; shift
  sync # dd must not pay for writeback of what ran before it
  LC_ALL=C dd if=/dev/zero of="$dir/dd.bin" bs=1M count=1024 "$@" 2>&1 \
    | awk '/copied/ {printf "%.1f\n", $1 / 1048576 / $(NF-3)}'
  rm -f "$dir/dd.bin"
}

# dd_baseline: sets dd_fdatasync and dd_dsync (MiB/s) for $work, conv=fdatasync then oflag=dsync, each the median of
# DD_RUNS runs (default 3; this machine's dd swings severalfold between runs a minute apart), and dd_runs_f/dd_runs_d
# to the single figures.
dd_baseline() {
  echo "== dd: 1 GiB in 1 MiB writes to the same file system, median of ${DD_RUNS:-3} ==" >&2
  local f=() d=() i
  for i in $(seq 1 "${DD_RUNS:-3}"); do
    f+=("$(dd_mibs "$work" conv=fdatasync)")
    d+=("$(dd_mibs "$work" oflag=dsync)")
  done
  dd_runs_f="${f[*]}"; dd_runs_d="${d[*]}"
  dd_fdatasync=$(median "${f[@]}"); dd_dsync=$(median "${d[@]}")
}

# median N…: the median of the numbers (the mean of the middle two for an even count).
median() { python3 -c "import statistics,sys; print(round(statistics.median(map(float, sys.argv[1:])), 1))" "$@"; }

# results_name PREFIX: sets name (PREFIX-<UTC date>) and out (bench/results/<name>.txt), creating the folder.
results_name() {
  mkdir -p "$repo/bench/results"
  name="$1-$(date -u +%Y%m%dT%H%M%SZ)"
  out="$repo/bench/results/$name.txt"
}

# put_sweep SECONDS WORKERS…: 1 MiB PUTs over gRPC under the closed model (each worker sends its next PUT when the
# previous one was acknowledged), once per worker count, each run after RUN_WARMUP (default 10) seconds of the same PUTs
# from the same load-generator process (`ddc loadtest --warmup`: its JIT compiles before the measurement, as the
# nodes' did; a fresh load generator spent its first seconds compiling on the cores the nodes need). Prints one line per
# run:
#   workers MiB/s ops/s service-p50-ms service-p99-ms errors load-average-1min-at-the-end
#   client-cpu-seconds node-cpu-seconds node-system-cpu-seconds
# (the load generator's CPU seconds over its whole run, start-up and warm-up included; the nodes' over the measured
# seconds only [since 2026-11-30 11:40; before, from the load generator's start]: user + system, then the
# system part alone, i.e. the kernel's socket, page-cache and sync work on its behalf; the machine has $(nproc) cores)
# and leaves each result in $work/put-<workers>/.
put_sweep() {
  local secs="$1"; shift
  local w
  for w in "$@"; do
    echo "== 1 MiB PUTs over gRPC, closed loop, $w workers, ${secs}s ==" >&2
    local before before_sys ltpid
    rm -f "$work/put-$w.log"
    lt "$work/put-$w" "$secs" --protocol grpc --model closed --concurrency "$w" --get-ratio 0 --objects 1 \
      --sizes 1MiB --warmup "${RUN_WARMUP:-10}s" & ltpid=$!
    # the nodes' CPU counts from the end of the warm-up to the end of the run
    if [ "${RUN_WARMUP:-10}" != 0 ]; then await_warmed "$work/put-$w.log" "$ltpid"; fi
    before=$(cpu_seconds "$NODE_PID"); before_sys=$(cpu_seconds "$NODE_PID" sys)
    wait "$ltpid" || exit 1
    field "$work/put-$w/result.json" \
      "' '.join(str(x) for x in ($w, round(d['ops']['put']['bytesPerSecond']/1048576,1), \
        round(d['ops']['put']['opsPerSecond'],1), d['ops']['put']['serviceMillis']['p50'], \
        d['ops']['put']['serviceMillis']['p99'], d['totals']['errors'], \
        open('/proc/loadavg').read().split()[0], \
        round(sum(map(float, open('$work/put-$w.cpu').read().split()[:2])), 1), \
        round($(cpu_seconds "$NODE_PID") - $before, 1), round($(cpu_seconds "$NODE_PID" sys) - $before_sys, 1)))"
  done
}

# await_warmed LOG PID: returns once the `ddc loadtest` PID logged the end of its warm-up to LOG, or has ended.
await_warmed() {
  until grep -q "warm-up done" "$1" 2>/dev/null || ! kill -0 "$2" 2>/dev/null; do sleep 0.1; done
}

# cpu_seconds PID [sys]: user + system CPU seconds the process has used so far (with sys: the system part only).
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" -v only="${2:-}" '{print (only == "sys" ? $15 : $14 + $15) / hz}' "/proc/$1/stat"
}

# machine_line: date, cores, memory, kernel and the load average when the figures were taken.
machine_line() {
  echo "date: $(date -u +%FT%TZ)  machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r)," \
    "load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

# put_sweep_profiled SECONDS JFR WORKERS…: put_sweep into $work/puts.txt; when JFR is 1, the JVM NODE_PID is
# recorded with JFR (settings=profile) during the last run only (the earlier ones warm it up), into $work/put.jfr,
# and the load generator of that run into $work/client.jfr (its whole run, start-up included). Sets last_workers.
put_sweep_profiled() {
  local secs="$1" jfr="$2"; shift 2
  local workers=("$@")
  last_workers="${workers[-1]}"
  put_sweep "$secs" "${workers[@]:0:${#workers[@]}-1}" > "$work/puts.txt"
  if [ "$jfr" = 1 ]; then
    echo "recording the node JVM with JFR during the $last_workers-worker run…" >&2
    "$JAVA_HOME/bin/jcmd" "$NODE_PID" JFR.start name=put settings=profile >/dev/null
  fi
  if [ "$jfr" = 1 ]; then
    DDC_JAVA_OPTS="${DDC_JAVA_OPTS:-} -XX:StartFlightRecording=filename=$work/client.jfr,settings=profile" \
      put_sweep "$secs" "$last_workers" >> "$work/puts.txt"
  else
    put_sweep "$secs" "$last_workers" >> "$work/puts.txt"
  fi
  if [ "$jfr" = 1 ]; then
    "$JAVA_HOME/bin/jcmd" "$NODE_PID" JFR.stop name=put filename="$work/put.jfr" >/dev/null
  fi
}

# jfr_report WHAT [RECORDING [CLIENT-RECORDING]]: summarises RECORDING (default $work/put.jfr) into
# bench/results/<name>-jfr.txt (Java samples by kind of work, bench/jfr-breakdown.py; hot methods; the project's methods
# by inclusive share of execution and native samples; CPU per thread) and keeps the recording as /tmp/<name>.jfr.
# CLIENT-RECORDING (default $work/client.jfr when it exists), the load generator's, adds its breakdown.
jfr_report() {
  local rec="${2:-$work/put.jfr}" client="${3:-$work/client.jfr}"
  { echo "JFR (settings=profile) of $1"
    "$JAVA_HOME/bin/jfr" print --json --stack-depth 96 --events jdk.ExecutionSample "$rec" | python3 "$repo/bench/jfr-breakdown.py"
    if [ -f "$client" ]; then
      echo; echo "the load generator (whole run, start-up included):"
      "$JAVA_HOME/bin/jfr" print --json --stack-depth 96 --events jdk.ExecutionSample "$client" \
        | python3 "$repo/bench/jfr-breakdown.py"
    fi
    echo
    "$JAVA_HOME/bin/jfr" view --width 160 hot-methods "$rec"
    local kind
    for kind in ExecutionSample NativeMethodSample; do
      echo; echo "jdk.$kind: the project's methods by inclusive share (stacks holding the method), then top frames"
      "$JAVA_HOME/bin/jfr" print --json --stack-depth 96 --events "jdk.$kind" "$rec" | python3 -c '
import collections, json, sys
events = json.load(sys.stdin)["recording"]["events"]
own, top = collections.Counter(), collections.Counter()
for e in events:
    st = e["values"].get("stackTrace") or {"frames": []}
    names = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"] for f in st["frames"]]
    if names:
        top[names[0]] += 1
    for m in set(n for n in names if n.startswith("io.ddc.")):
        own[m] += 1
n = max(1, len(events))
print(f"{len(events)} samples")
for m, c in own.most_common(25):
    print(f"{100 * c / n:5.1f}%  {m}")
print("top frames:")
for m, c in top.most_common(12):
    print(f"{100 * c / n:5.1f}%  {m}")'
    done
    "$JAVA_HOME/bin/jfr" view --width 160 thread-cpu-load "$rec" 2>/dev/null | head -30 || true
  } > "$repo/bench/results/$name-jfr.txt" 2>&1
  cp "$rec" "/tmp/$name.jfr"
  echo "profile: $repo/bench/results/$name-jfr.txt (recording: /tmp/$name.jfr)" >&2
}
