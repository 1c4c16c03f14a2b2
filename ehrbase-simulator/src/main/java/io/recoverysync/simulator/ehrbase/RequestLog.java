package io.recoverysync.simulator.ehrbase;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the simulator has answered, keyed by {@code "METHOD /route status"} with the route in its template form
 * (e.g. {@code "POST /ehr/{ehr_id}/composition 204"}), so tests can assert exactly which calls a client made.
 */
final class RequestLog {

    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();

    void record(String method, String route, int status) {
        answers.computeIfAbsent(method + " " + route + " " + status, k -> new LongAdder()).increment();
    }

    /** Answers whose key starts with {@code prefix} ("POST", "POST /ehr", "PUT /ehr/{ehr_id} 409", ...). */
    long count(String prefix) {
        long sum = 0;
        for (Map.Entry<String, LongAdder> e : answers.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                sum += e.getValue().sum();
            }
        }
        return sum;
    }

    /** Answers with {@code status}, on any route. */
    long withStatus(int status) {
        String suffix = " " + status;
        long sum = 0;
        for (Map.Entry<String, LongAdder> e : answers.entrySet()) {
            if (e.getKey().endsWith(suffix)) {
                sum += e.getValue().sum();
            }
        }
        return sum;
    }

    long total() {
        return answers.values().stream().mapToLong(LongAdder::sum).sum();
    }

    Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        answers.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    void reset() {
        answers.clear();
    }
}
