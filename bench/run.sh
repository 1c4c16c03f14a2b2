#!/usr/bin/env bash
# Benchmarks of the whole system on the local stack (PostgreSQL, in-JVM Kafka broker, IntakeQ simulator, the four
# packaged services as child JVMs). One command each; each prints a table and writes bench/results/<name>.json:
#   bench/run.sh fanout     # 1. scheduler fan-out of 1k / 10k / 100k commands
#   bench/run.sh quota      # 2. IntakeQ rate achieved / allowed with 1, 2, 4 consumers, over-quota requests
#   bench/run.sh overhead   # 3. per-patient overhead of a run, quota lifted, simulator latency injected
#   bench/run.sh memory     # 5. RSS of each service at rest and under the fan-out load
#   bench/run.sh dashboard  # the dashboard signed in: page times, a change in IntakeQ to the open page (Keycloak)
#   bench/run.sh all        # the four above, one after the other
# Options follow the name, e.g. `bench/run.sh fanout --sizes 1000,10000 --reps 1` (see bench/README.md).
# Builds first when the packaged services or the harness are missing, or when BENCH_BUILD=1 (Maven runs under
# flock /tmp/mvn.lock when flock exists; OFFLINE=1 adds -o). BENCH_HOLD_LOCK=1 also holds /tmp/mvn.lock while the
# benchmark runs, so that no Maven build shares the machine with it. Not part of `mvn verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
needs_build=${BENCH_BUILD:-0}
for jar in sync-scheduler appointment-sync-service sync-log-service ehr-sync-service dashboard; do
  [ -f "$jar/target/quarkus-app/quarkus-run.jar" ] || needs_build=1
done
[ -f bench/target/runtime-classpath.txt ] && [ -d bench/target/classes ] || needs_build=1
if [ "$needs_build" = 1 ]; then
  MVN=(mvn -B -q -DskipTests)
  if [ "${OFFLINE:-0}" = 1 ]; then MVN+=(-o); fi
  if command -v flock >/dev/null; then MVN=(flock /tmp/mvn.lock "${MVN[@]}"); fi
  "${MVN[@]}" package -pl bench -am
fi
LOCK=()
if [ "${BENCH_HOLD_LOCK:-0}" = 1 ]; then LOCK=(flock /tmp/mvn.lock); fi
exec "${LOCK[@]}" java -Xmx1g -Dstack.root="$PWD" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.kafka.server=error \
  -Dorg.slf4j.simpleLogger.log.org.apache.kafka=error \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "bench/target/classes:$(cat bench/target/runtime-classpath.txt)" \
  io.recoverysync.bench.BenchMain "$@"
