#!/usr/bin/env bash
# Benchmark: note signed (POST /api/ehr/soap-notes) -> composition stored in EHRbase (simulator commit), p50/p99 at
# 1, 10 and 100 notes/s. Builds what it needs (Maven under /tmp/mvn.lock, released before the run), then runs the
# harness outside Maven. Arguments go to the harness, e.g.:  bench/ehr-latency/run.sh --latency-ms 50
# Writes bench/results/ehr-latency.json. Not part of `mvn verify`.
set -euo pipefail
cd "$(dirname "$0")/../.."
MVN_FLAGS=(-B -q -DskipTests)
if [ "${OFFLINE:-0}" = 1 ]; then MVN_FLAGS+=(-o); fi
flock /tmp/mvn.lock mvn "${MVN_FLAGS[@]}" package -pl bench/ehr-latency -am
exec java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.kafka.server=error \
  -Dorg.slf4j.simpleLogger.log.org.apache.kafka=error \
  -cp "bench/ehr-latency/target/classes:$(cat bench/ehr-latency/target/runtime-classpath.txt)" \
  io.recoverysync.bench.ehr.EhrLatencyBench --root "$PWD" "$@"
