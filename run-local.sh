#!/usr/bin/env bash
# Runs the whole system on this machine without Docker: PostgreSQL (the local server, or an embedded one),
# a real Kafka broker (KRaft), the IntakeQ simulator with demo data, the EHRbase simulator and the four services
# (trusting a key pair made at start; bearer tokens go to .local-stack/tokens.env). It triggers the
# nightly run, prints the resulting sync_logs rows and keeps running; Ctrl-C stops everything it started.
#   ./run-local.sh          run until Ctrl-C
#   ./run-local.sh --once   exit after printing the sync_logs rows
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -DskipTests package
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.kafka.server=error \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "local-stack/target/classes:$(cat local-stack/target/runtime-classpath.txt)" \
  io.recoverysync.localstack.LocalStackMain "$@"
