#!/usr/bin/env bash
# Runs the benchmark suite and writes docs/performance.md.
#   bench/run.sh           full settings: longer iterations, 10,000 traces preloaded, scale up to
#                          1M traces, export/migrate/deep pages over the 1M set, 30 s of collector
#                          load per configuration (about 65 minutes on 2 cores once the data sets exist)
#   bench/run.sh --quick   short iterations, 2,000 traces preloaded, the whole-store benchmarks over
#                          100k traces, 10 s of collector load (about 15 minutes on 2 cores)
# The scale benchmark runs at 10k, 100k and 1M traces stored, in quick mode at 10k and 100k only.
# Its data sets are built once (the 1M ones take about 6 minutes) and cached in
# storage-bench/target/scale; delete that folder to rebuild them.
# Extra arguments go to JMH, e.g. a benchmark regex: bench/run.sh --quick CodecBench; the collector
# load benchmark (not JMH) runs with the full suite or when named: bench/run.sh --quick CollectorLoad
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
if [[ "${1:-}" == "--quick" ]]; then
  quick=true
  shift
fi

# The JDK mvnw builds with (JAVA_HOME, else java on the PATH) also runs the benchmarks.
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
feature=$("$java" -XshowSettings:properties -version 2>&1 | awk '/java.specification.version/ {print $3}')
# JDK 22+ warns when sqlite-jdbc and zstd-jni load native code; JMH forks inherit these options.
jvm_opts=()
if (( ${feature%%.*} >= 22 )); then
  jvm_opts=(--enable-native-access=ALL-UNNAMED)
fi
java() { command "$java" "${jvm_opts[@]}" "$@"; }
# JMH forks get a fixed young generation. With G1's default sizing a fork's young generation grows
# to over 1 GB after the preload, and the first pass through memory never touched before costs a page
# fault per 4 KiB page: on this machine every benchmark then ran 2-4 times slower for its first 10-15 s,
# and which trials fell in that window decided the results (PostgreSQL's get measured 108 or 250 µs).
# 512 MB is touched during the setup; old generation grows as before. AlwaysPreTouch also cures it but
# costs about 2 s per GB for every fork.
jmh_jvm=(-jvmArgsAppend "-Xms1g -Xmn512m")

# Waits until the disk has written back what earlier steps wrote: a trial that runs while gigabytes
# are still being flushed measures the disk's writeback (the collector's fsyncs wait behind it).
settle_disk() {
  sync
  sleep 15
}

./mvnw -B -q -ntp -Pbench -pl storage-bench -am package -DskipTests
jar=storage-bench/target/benchmarks.jar
out=storage-bench/target/bench
mkdir -p "$out"

if $quick; then
  # Every trial is its own JVM fork with its own preloaded store: about 80 trials in all.
  settings=(-f 1 -wi 1 -w 1s -i 2 -r 1s -p preload=2000)
  footprint_traces=5000
  scale_sizes=(10000 100000)
  bulk_settings=(-f 1 -wi 0 -i 1)
  load_seconds=10
else
  settings=(-f 1 -wi 3 -w 2s -i 3 -r 4s -p preload=10000)
  footprint_traces=20000
  scale_sizes=(10000 100000 1000000)
  bulk_settings=(-f 1 -wi 1 -i 2)
  load_seconds=30
fi
largest=${scale_sizes[-1]}
mode=$($quick && echo quick || echo full)
# BENCH_REPORT writes the report elsewhere (a partial run that must not replace docs/performance.md).
report=${BENCH_REPORT:-docs/performance.md}

machine="| | |
|---|---|
| cores | $(nproc) |
| memory | $(free -h | awk '/^Mem:/ {print $2}') |
| JDK | $(java -version 2>&1 | head -1) |
| OS | $(uname -srm) |
| load average at start | $(cut -d' ' -f1-3 /proc/loadavg) |
| date | $(date -u +%Y-%m-%dT%H:%MZ) |
| mode | $mode |"

# What this run measures; files a previous run left must not pass for this run's.
rm -f "$out"/jmh*.json "$out"/export-footprint.txt "$out"/collector-load.*
bulk='\.(StreamingBench|DeepPageBench)\.'
listed=$(java -jar "$jar" -l "$@")

java -cp "$jar" dev.reflow.trace.bench.Footprint "$footprint_traces" "$out/footprint.txt"
# Builds the missing scale data sets and writes their query plans before JMH, so that no trial
# pays for a build; skipped when the benchmark selection leaves out every benchmark that reads them.
if grep -E '\.(ScaleBench|StreamingBench|DeepPageBench|ViewerPageBench)\.' <<<"$listed" >/dev/null; then
  java -cp "$jar" dev.reflow.trace.bench.ScaleData "$out" "${scale_sizes[@]}"
fi
# The per-operation benchmarks; the whole-store ones (one shot over a million traces) run below
# with settings of their own.
if grep -vE "$bulk" <<<"$listed" | grep -E '^ *dev\.' >/dev/null; then
  settle_disk
  java -jar "$jar" "${jmh_jvm[@]}" "${settings[@]}" -p traces="$(IFS=,; echo "${scale_sizes[*]}")" -e "$bulk" -rf json -rff "$out/jmh.json" "$@"
fi
# The collector's load benchmark is no JMH benchmark: it runs with the full suite, or when asked
# for by name (bench/run.sh --quick CollectorLoad).
# It runs before the whole-store benchmarks, whose gigabytes of writes would slow its journal fsyncs.
if [[ $# -eq 0 || " $* " == *" CollectorLoad "* ]]; then
  settle_disk
  java -cp "$jar" dev.reflow.trace.bench.CollectorLoad storage-cli/target/reflow-trace.jar "$out/collector-load.md" "$load_seconds"
fi
if grep -E '\.StreamingBench\.' <<<"$listed" >/dev/null; then
  settle_disk
  java -jar "$jar" "${jmh_jvm[@]}" "${bulk_settings[@]}" -p traces="$largest" -rf json -rff "$out/jmh-streaming.json" '\.StreamingBench\.'
  java -cp "$jar" dev.reflow.trace.bench.ExportFootprint storage-cli/target/reflow-trace.jar "$largest" "$out/export-footprint.txt"
fi
if grep -E '\.DeepPageBench\.' <<<"$listed" >/dev/null; then
  java -jar "$jar" "${jmh_jvm[@]}" -f 1 -wi 1 -w 2s -i 2 -r 2s -p traces="$largest" -rf json -rff "$out/jmh-deep.json" '\.DeepPageBench\.'
fi
java -cp "$jar" dev.reflow.trace.bench.Report "$out/jmh.json,$out/jmh-streaming.json,$out/jmh-deep.json" "$out/footprint.txt" "$report" \
  "${settings[*]}, JMH forks ${jmh_jvm[1]}, sample-time mode for storage operations, throughput mode for the codec; whole-store benchmarks ${bulk_settings[*]}, one shot per iteration" "$machine" "$mode"
echo "wrote $report"
