#!/bin/sh
# Creates every ISSA Stream topic with the settings of the topic catalogue
# (schemas/src/main/java/org/issastream/schemas/topics/TopicCatalogue.java, TopicsConfig defaults),
# plus the two retention settings the curator gives its own topics when it creates them
# (streams/.../curator/CuratorTopics.java). Idempotent: existing topics are left alone.
# Runs in the apache/kafka image (compose service `topics`); any host with kafka-topics.sh works:
#   BOOTSTRAP_SERVERS=broker:9092 REPLICATION_FACTOR=3 sh docker/topics/create-topics.sh
# k8s/base/topics.yaml declares the same topics as Strimzi KafkaTopic resources (k8s/check.py
# compares the two).
set -eu

BOOTSTRAP_SERVERS="${BOOTSTRAP_SERVERS:-kafka:19092}"
PARTITIONS="${TOPIC_PARTITIONS:-6}"              # topics.partitions
POOL_PARTITIONS="${POOL_PARTITIONS:-1}"          # topics.pool.partitions
REPLICATION_FACTOR="${REPLICATION_FACTOR:-1}"    # topics.replication.factor (1 on a single broker)
IMAGE_MAX="${IMAGE_MAX_MESSAGE_BYTES:-16777216}" # topics.image.max.message.bytes
PREFIX="${TOPIC_PREFIX:-}"                       # topics.prefix
KAFKA_TOPICS="${KAFKA_TOPICS:-/opt/kafka/bin/kafka-topics.sh}"

echo "topics: waiting for ${BOOTSTRAP_SERVERS} ..."
i=0
until "$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP_SERVERS" --list >/dev/null 2>&1; do
  i=$((i + 1))
  if [ "$i" -ge 60 ]; then
    echo "topics: broker ${BOOTSTRAP_SERVERS} not reachable after 60 attempts" >&2
    exit 1
  fi
  sleep 2
done

# create NAME PARTITIONS CONFIG...
create() {
  name="${PREFIX}$1"; parts="$2"; shift 2
  args=""
  for c in "$@"; do args="$args --config $c"; done
  # shellcheck disable=SC2086  # $args is a list of --config k=v words
  "$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP_SERVERS" --create --if-not-exists \
    --topic "$name" --partitions "$parts" --replication-factor "$REPLICATION_FACTOR" $args
}

create fleet.images       "$PARTITIONS"      cleanup.policy=delete  max.message.bytes="$IMAGE_MAX"
create fleet.exemplars    "$PARTITIONS"      cleanup.policy=delete  max.message.bytes="$IMAGE_MAX"
create style.codes        "$PARTITIONS"      cleanup.policy=delete
create style.pool         "$POOL_PARTITIONS" cleanup.policy=compact delete.retention.ms=86400000
create augmented.samples  "$PARTITIONS"      cleanup.policy=delete  max.message.bytes="$IMAGE_MAX"
create proxy.validation   "$PARTITIONS"      cleanup.policy=compact max.message.bytes="$IMAGE_MAX"
create fleet.images.dlq   "$PARTITIONS"      cleanup.policy=delete  max.message.bytes="$IMAGE_MAX"
create style.codes.dlq    "$PARTITIONS"      cleanup.policy=delete  retention.ms=604800000
create training.reports   1                  cleanup.policy=delete
# the schema registry's log (the registry also creates it when missing): one partition, compacted
create _schemas           1                  cleanup.policy=compact

echo "topics: ready"
"$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP_SERVERS" --describe --topics-with-overrides
