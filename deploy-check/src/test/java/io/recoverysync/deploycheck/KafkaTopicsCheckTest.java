package io.recoverysync.deploycheck;

import static io.recoverysync.deploycheck.KustomizeCheckTest.assertNoProblems;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recoverysync.contracts.Topics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Strimzi KafkaTopics and the compose topic list against sync-contracts' {@link Topics} and every service's channels. */
class KafkaTopicsCheckTest {

    /** The topic names sync-contracts spells out (its public static final String constants). */
    static Set<String> contractTopics() {
        Set<String> topics = new TreeSet<>();
        for (Field f : Topics.class.getFields()) {
            int mod = f.getModifiers();
            if (Modifier.isStatic(mod) && Modifier.isFinal(mod) && f.getType() == String.class) {
                try {
                    topics.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        assertFalse(topics.isEmpty(), "no topic constants found in " + Topics.class.getName());
        return topics;
    }

    /** topicName -> KafkaTopic resource, from the base. */
    static Map<String, Map<String, Object>> k8sTopics(Kustomize.Build build) {
        Map<String, Map<String, Object>> topics = new TreeMap<>();
        for (Kustomize.Resource r : build.ofKind("KafkaTopic")) {
            String name = Yaml.str(r.doc(), "spec.topicName");
            topics.put(name == null ? r.name() : name, r.doc());
        }
        return topics;
    }

    @Test
    void kafkaTopicsAreExactlyTheContractTopics() {
        assertSameSets(contractTopics(), k8sTopics(Kustomize.build(Repo.BASE)).keySet(),
                "deploy/k8s/base/kafka-topics.yaml must define one KafkaTopic per constant of sync-contracts Topics");
    }

    @Test
    void everyTopicAServiceUsesIsAContractTopic() {
        List<String> problems = new ArrayList<>();
        Set<String> contract = contractTopics();
        for (String service : Repo.SERVICES) {
            ServiceConfig config = ServiceConfig.of(service);
            Set<String> used = new TreeSet<>(config.topicsIn);
            used.addAll(config.topicsOut);
            for (String topic : used) {
                if (!contract.contains(topic)) {
                    problems.add(Repo.rel(config.file) + " uses topic " + topic
                            + ", which sync-contracts Topics does not define (so no KafkaTopic creates it)");
                }
            }
        }
        assertNoProblems(problems);
    }

    @Test
    void kafkaTopicsAreCompleteAndBelongToTheLocalCluster() {
        Kustomize.Build local = Kustomize.build(Repo.LOCAL_OVERLAY);
        Set<String> clusters = new TreeSet<>();
        local.ofKind("Kafka").forEach(k -> clusters.add(k.name()));
        List<String> problems = new ArrayList<>();
        for (Kustomize.Resource r : local.ofKind("KafkaTopic")) {
            String where = Repo.rel(r.source()) + " KafkaTopic " + r.name();
            String cluster = String.valueOf(Yaml.map(r.doc(), "metadata.labels").get("strimzi.io/cluster"));
            if (!clusters.contains(cluster)) {
                problems.add(where + ": label strimzi.io/cluster=" + cluster + " names no Kafka of the local overlay "
                        + clusters);
            }
            if (!(Yaml.at(r.doc(), "spec.partitions") instanceof Integer p && p > 0)) {
                problems.add(where + ": spec.partitions must be a positive number");
            }
            if (!(Yaml.at(r.doc(), "spec.replicas") instanceof Integer rep && rep == 1)) {
                problems.add(where + ": the single-broker local overlay needs spec.replicas 1");
            }
            Object config = Yaml.at(r.doc(), "spec.config");
            if (!(config instanceof Map<?, ?> c) || c.get("retention.ms") == null || c.get("cleanup.policy") == null) {
                problems.add(where + ": spec.config must set retention.ms and cleanup.policy");
            } else if (Integer.parseInt(String.valueOf(c.get("min.insync.replicas"))) > 1) {
                problems.add(where + ": min.insync.replicas > replicas on the single-broker overlay");
            }
        }
        for (Kustomize.Resource r : Kustomize.build(Repo.BASE).ofKind("KafkaTopic")) {
            Object config = Yaml.at(r.doc(), "spec.config");
            Object replicas = Yaml.at(r.doc(), "spec.replicas");
            Object isr = config instanceof Map<?, ?> c ? c.get("min.insync.replicas") : null;
            if (!(replicas instanceof Integer rep) || isr == null || Integer.parseInt(String.valueOf(isr)) >= rep) {
                problems.add("base KafkaTopic " + r.name() + ": min.insync.replicas (" + isr + ") must be below replicas ("
                        + replicas + ") so one broker can be down");
            }
        }
        assertNoProblems(problems);
    }

    @Test
    void composeCreatesTheSameTopicsWithTheSamePartitions() {
        Map<String, Object> compose = Yaml.loadOne(Repo.COMPOSE);
        List<Object> command = Yaml.list(compose, "services.kafka-topics.command");
        String script = String.join("\n", command.stream().map(String::valueOf).toList());
        Matcher m = Pattern.compile("(?m)^\\s*create\\s+(\\S+)\\s+(\\d+)\\s+(-?\\d+)(?:\\s+(delete|compact))?\\s*$").matcher(script);
        Map<String, String> compPartitions = new TreeMap<>();
        while (m.find()) {
            compPartitions.put(m.group(1), m.group(2) + " partitions, " + (m.group(4) == null ? "delete" : m.group(4)));
        }
        Map<String, String> k8sPartitions = new TreeMap<>();
        k8sTopics(Kustomize.build(Repo.BASE)).forEach((name, doc) -> k8sPartitions.put(name,
                Yaml.at(doc, "spec.partitions") + " partitions, " + Yaml.map(doc, "spec.config").get("cleanup.policy")));
        assertSameSets(k8sPartitions.entrySet(), compPartitions.entrySet(),
                "docker-compose.yml kafka-topics must create the topics of deploy/k8s/base/kafka-topics.yaml with their partitions and cleanup policy");
    }

    /** Fails naming what is missing and what is extra, not just two long lists. */
    static <T> void assertSameSets(Set<T> expected, Set<T> actual, String message) {
        Set<String> missingText = new TreeSet<>();
        Set<String> extraText = new TreeSet<>();
        expected.stream().filter(e -> !actual.contains(e)).forEach(e -> missingText.add(String.valueOf(e)));
        actual.stream().filter(a -> !expected.contains(a)).forEach(a -> extraText.add(String.valueOf(a)));
        assertTrue(missingText.isEmpty() && extraText.isEmpty(),
                () -> message + ": missing " + missingText + ", unexpected " + extraText);
    }
}
