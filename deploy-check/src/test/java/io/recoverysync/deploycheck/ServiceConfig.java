package io.recoverysync.deploycheck;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Quarkus service's {@code src/main/resources/application.properties} says about its environment: the
 * variables it reads in production ({@code ${NAME}} or {@code ${NAME:default}} on unprofiled or {@code %prod}
 * lines), which of them have no default (required), its HTTP port and its Kafka topics.
 */
final class ServiceConfig {

    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}");
    private static final Pattern CHANNEL_TOPIC =
            Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.[^.]+\\.(dead-letter-queue\\.)?topic");

    /**
     * Read from the environment by the platform without a {@code ${}} reference: Quarkus' Kafka extension takes
     * {@code kafka.bootstrap.servers} from KAFKA_BOOTSTRAP_SERVERS and falls back to localhost:9092, which is
     * never right in production, so a Kafka service must be given it.
     */
    static final String KAFKA_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";

    final String module;
    final Path file;
    /** env var -> default (null when it has none), production lines only. */
    final Map<String, String> prodEnv = new TreeMap<>();
    /** property keys of unprofiled and %prod lines, profile prefix removed. */
    final Set<String> prodKeys = new TreeSet<>();
    final Set<String> topicsIn = new TreeSet<>();
    final Set<String> topicsOut = new TreeSet<>();
    boolean usesKafka;
    Integer httpPort;

    private ServiceConfig(String module) {
        this.module = module;
        this.file = Repo.module(module).resolve("src/main/resources/application.properties");
    }

    static ServiceConfig of(String module) {
        ServiceConfig c = new ServiceConfig(module);
        Map<String, String> lines = new LinkedHashMap<>();
        StringBuilder pending = new StringBuilder();
        for (String raw : Repo.read(c.file).split("\n")) {
            String line = raw.strip();
            if (pending.isEmpty() && (line.isEmpty() || line.startsWith("#") || line.startsWith("!"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1);
                continue;
            }
            pending.append(line);
            String full = pending.toString();
            pending.setLength(0);
            int eq = full.indexOf('=');
            if (eq < 0) {
                continue;
            }
            lines.put(full.substring(0, eq).strip(), full.substring(eq + 1).strip());
        }
        lines.forEach((rawKey, value) -> {
            String profile = null;
            String key = rawKey;
            if (rawKey.startsWith("%")) {
                profile = rawKey.substring(1, rawKey.indexOf('.'));
                key = rawKey.substring(rawKey.indexOf('.') + 1);
            }
            boolean prod = profile == null || profile.equals("prod");
            if (prod) {
                c.prodKeys.add(key);
                Matcher m = ENV_REF.matcher(value);
                while (m.find()) {
                    String def = m.group(2) == null ? null : m.group(2).substring(1);
                    c.prodEnv.merge(m.group(1), def == null ? "\0" : def, (a, b) -> a.equals("\0") ? b : a);
                }
                if (key.equals("quarkus.http.port")) {
                    c.httpPort = Integer.valueOf(value);
                }
            }
            if (key.matches("mp\\.messaging\\.(incoming|outgoing)\\.[^.]+\\.connector") && value.equals("smallrye-kafka")) {
                c.usesKafka = true;
            }
            Matcher t = CHANNEL_TOPIC.matcher(key);
            if (t.matches()) {
                boolean in = t.group(1).equals("incoming") && t.group(2) == null;
                (in ? c.topicsIn : c.topicsOut).add(value);
            }
        });
        c.prodEnv.replaceAll((k, v) -> v.equals("\0") ? null : v);
        return c;
    }

    /** The variables a deployment must provide. */
    Set<String> requiredEnv() {
        Set<String> required = new TreeSet<>();
        prodEnv.forEach((name, def) -> {
            if (def == null) {
                required.add(name);
            }
        });
        if (usesKafka) {
            required.add(KAFKA_BOOTSTRAP_SERVERS);
        }
        return required;
    }

    /** Whether the service reads this variable, directly or as the environment form of one of its properties. */
    boolean reads(String env) {
        if (prodEnv.containsKey(env) || (usesKafka && env.equals(KAFKA_BOOTSTRAP_SERVERS))) {
            return true;
        }
        return prodKeys.stream().anyMatch(key -> envForm(key).equals(env));
    }

    /** Every variable the service reads in production, for its README. */
    Set<String> documentedEnv() {
        Set<String> all = new TreeSet<>(prodEnv.keySet());
        if (usesKafka) {
            all.add(KAFKA_BOOTSTRAP_SERVERS);
        }
        return all;
    }

    /** MicroProfile Config's environment name of a property: non-alphanumerics to '_', upper case. */
    static String envForm(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }
}
