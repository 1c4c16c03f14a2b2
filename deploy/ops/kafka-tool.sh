#!/usr/bin/env bash
# Kafka's command-line tools without a Kafka download: org.apache.kafka:kafka-tools of the broker's version
# (kafka.version in the root pom), resolved by Maven once; the class path is kept in deploy/ops/target/.
#
#   deploy/ops/kafka-tool.sh consume --bootstrap-server HOST:PORT --topic sync.results --from-beginning \
#       --formatter-property print.key=true --formatter-property print.timestamp=true
#   deploy/ops/kafka-tool.sh topics  --bootstrap-server HOST:PORT --describe
#   deploy/ops/kafka-tool.sh groups  --bootstrap-server HOST:PORT --describe --all-groups
#   deploy/ops/kafka-tool.sh produce --bootstrap-server HOST:PORT --topic T --property parse.key=true --property key.separator='|'
#
# See docs/OPERATIONS.md for the recipes (tail a topic, DLQ replay, one patient, quota).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cp_file="$here/target/classpath.txt"
if [[ ! -s "$cp_file" || "$here/pom.xml" -nt "$cp_file" ]]; then
  mvn -B -q -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp_file" >&2
fi
tool="${1:-}"
shift || true
case "$tool" in
  consume) main=org.apache.kafka.tools.consumer.ConsoleConsumer ;;
  produce) main=org.apache.kafka.tools.ConsoleProducer ;;
  topics)  main=org.apache.kafka.tools.TopicCommand ;;
  groups)  main=org.apache.kafka.tools.consumer.group.ConsumerGroupCommand ;;
  *) echo "usage: $0 consume|produce|topics|groups <options of kafka-console-consumer.sh etc.>" >&2; exit 2 ;;
esac
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$(cat "$cp_file")" "$main" "$@"
