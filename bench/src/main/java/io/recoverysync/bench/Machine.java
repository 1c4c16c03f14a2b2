package io.recoverysync.bench;

import io.recoverysync.localstack.LocalStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.AppInfoParser;

/** What the figures came from: processors, memory, CPU model, JVM, PostgreSQL, Kafka and the commit. */
final class Machine {
    private Machine() {
    }

    static Map<String, Object> describe(LocalStack stack) {
        Map<String, Object> m = new LinkedHashMap<>();
        int nproc = Runtime.getRuntime().availableProcessors();
        long memKib = procField("/proc/meminfo", "MemTotal");
        String cpu = cpuModel();
        String java = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        m.put("nproc", nproc);
        m.put("memoryGiB", memKib < 0 ? null : Math.round(memKib / 1024.0 / 1024.0 * 10) / 10.0);
        m.put("cpu", cpu);
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("java", java);
        m.put("postgres", postgresVersion(stack));
        m.put("kafka", AppInfoParser.getVersion() + " (in-JVM KRaft broker, one node)");
        m.put("commit", git("rev-parse", "--short", "HEAD"));
        m.put("summary", nproc + " cores (" + cpu + "), " + m.get("memoryGiB") + " GiB, " + java);
        return m;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    static long procField(String file, String field) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    private static String postgresVersion(LocalStack stack) {
        try (Connection c = stack.database(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version")) {
            return rs.next() ? "PostgreSQL " + rs.getString(1) : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String git(String... args) {
        try {
            Process p = new ProcessBuilder(concat("git", args)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static List<String> concat(String first, String... rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all;
    }
}
