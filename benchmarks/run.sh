#!/usr/bin/env bash
# Runs a group of JMH benchmarks briefly and writes the results to benchmarks/results/<group>-<UTC time>.{txt,json}.
#   benchmarks/run.sh storage            random 4 KiB reads vs RocksDB, 1 MiB writes vs FileChannel, 64 KiB ranges
#   benchmarks/run.sh crypto             sr25519 (ours) sign/verify vs BouncyCastle ed25519
#   benchmarks/run.sh hash               BLAKE3: our SIMD kernel and scalar code vs BouncyCastle
#   benchmarks/run.sh loadgen            the load generator's object content vs per-word mixing and a plain copy
#   benchmarks/run.sh streamed           1 MiB pieces in 16 KiB chunks, 3 writers: hashing inline vs by tasks, sized staging
# Environment: REBUILD=1 rebuilds the jar; JMH_ARGS overrides the brief settings (-f 1 -wi 2 -w 2s -i 3 -r 3s);
# DDC_BENCH_DIR puts the benchmark data elsewhere (default: the system temp directory); NICE=-10 (root) runs the JVMs
# at that scheduling priority, so that other processes on a shared machine take less CPU from ours and the baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env.sh

group="${1:-storage}"
case "$group" in
  storage) pattern='io\.ddc\.benchmarks\.(RandomRead|SequentialWrite|RangeRead)Benchmark' ;;
  crypto) pattern='io\.ddc\.benchmarks\.SignatureBenchmark' ;;
  hash) pattern='io\.ddc\.benchmarks\.HashBenchmark' ;;
  loadgen) pattern='io\.ddc\.benchmarks\.ContentBenchmark' ;;
  streamed) pattern='io\.ddc\.benchmarks\.StreamedWriteBenchmark' ;;
  *) echo "run.sh: unknown group '$group' (known: storage, crypto, hash, loadgen, streamed)" >&2; exit 2 ;;
esac

jar=benchmarks/target/benchmarks.jar
if [ ! -f "$jar" ] || [ -n "${REBUILD:-}" ]; then
  mvn -B -ntp -q -pl benchmarks -am package -DskipTests
fi

# The JVM flags every process of ours needs (0001), read from the parent POM's single source.
flags=$(sed -n 's:.*<ddc.jvm.flags>\(.*\)</ddc.jvm.flags>.*:\1:p' pom.xml)
mkdir -p benchmarks/results
out="benchmarks/results/$group-$(date -u +%Y%m%dT%H%M%SZ)"
nice_cmd=()
if [ -n "${NICE:-}" ]; then nice_cmd=(nice -n "$NICE"); fi
# shellcheck disable=SC2086
"${nice_cmd[@]}" java $flags -jar "$jar" "$pattern" ${JMH_ARGS:--f 1 -wi 2 -w 2s -i 3 -r 3s} \
  -jvmArgsAppend "$flags -Xmx2g -XX:MaxDirectMemorySize=2g -Dddc.bench.dir=${DDC_BENCH_DIR:-/tmp}" \
  -rf json -rff "$out.json" | tee "$out.txt"
echo "results: $out.txt, $out.json"
