#!/usr/bin/env bash
# Runs the benchmark suite and writes docs/performance.md.
#   bench/run.sh           full settings: longer iterations, 10,000 traces preloaded, scale up to
#                          1M traces (about 35 minutes on 2 cores once the data sets exist)
#   bench/run.sh --quick   short iterations, 2,000 traces preloaded (under 10 minutes on 2 cores)
# The scale benchmark runs at 10k, 100k and 1M traces stored, in quick mode at 10k and 100k only.
# Its data sets are built once (the 1M ones take about 6 minutes) and cached in
# storage-bench/target/scale; delete that folder to rebuild them.
# Extra arguments go to JMH, e.g. a benchmark regex: bench/run.sh --quick CodecBench
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
java() { "$java" "${jvm_opts[@]}" "$@"; }

./mvnw -B -q -ntp -Pbench -pl storage-bench -am package -DskipTests
jar=storage-bench/target/benchmarks.jar
out=storage-bench/target/bench
mkdir -p "$out"

if $quick; then
  # Every trial is its own JVM fork with its own preloaded store: about 80 trials in all.
  settings=(-f 1 -wi 1 -w 1s -i 2 -r 1s -p preload=2000)
  footprint_traces=5000
  scale_sizes=(10000 100000)
else
  settings=(-f 1 -wi 2 -w 2s -i 3 -r 4s -p preload=10000)
  footprint_traces=20000
  scale_sizes=(10000 100000 1000000)
fi
mode=$($quick && echo quick || echo full)

machine="| | |
|---|---|
| cores | $(nproc) |
| memory | $(free -h | awk '/^Mem:/ {print $2}') |
| JDK | $(java -version 2>&1 | head -1) |
| OS | $(uname -srm) |
| load average at start | $(cut -d' ' -f1-3 /proc/loadavg) |
| date | $(date -u +%Y-%m-%dT%H:%MZ) |
| mode | $mode |"

java -cp "$jar" dev.reflow.trace.bench.Footprint "$footprint_traces" "$out/footprint.txt"
# Builds the missing scale data sets and writes their query plans before JMH, so that no trial
# pays for a build; skipped when the benchmark selection leaves ScaleBench out.
if java -jar "$jar" -l "$@" | grep '\.ScaleBench\.' >/dev/null; then
  java -cp "$jar" dev.reflow.trace.bench.ScaleData "$out" "${scale_sizes[@]}"
fi
java -jar "$jar" "${settings[@]}" -p traces="$(IFS=,; echo "${scale_sizes[*]}")" -rf json -rff "$out/jmh.json" "$@"
java -cp "$jar" dev.reflow.trace.bench.Report "$out/jmh.json" "$out/footprint.txt" docs/performance.md \
  "${settings[*]}, sample-time mode for storage operations, throughput mode for the codec" "$machine" "$mode"
echo "wrote docs/performance.md"
