package io.recoverysync.simulator.intakeq;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the simulator has answered, so tests and benchmarks can assert on quota use without a proxy. */
final class RequestCounters {

    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong unauthorized = new AtomicLong();
    private final AtomicLong failedInjected = new AtomicLong();
    private final AtomicLong malformedInjected = new AtomicLong();
    private final Map<String, LongAdder> acceptedByPath = new ConcurrentHashMap<>();
    private final Map<RequestKind, AtomicLong> acceptedByKind = new EnumMap<>(RequestKind.class);

    RequestCounters() {
        for (RequestKind kind : RequestKind.values()) {
            acceptedByKind.put(kind, new AtomicLong());
        }
    }

    void recordAccepted(String path, RequestKind kind) {
        accepted.incrementAndGet();
        acceptedByPath.computeIfAbsent(path, p -> new LongAdder()).increment();
        // The EnumMap is filled once in the constructor and never changes, so concurrent reads of it are safe.
        acceptedByKind.get(kind).incrementAndGet();
    }

    void recordRateLimited() {
        rateLimited.incrementAndGet();
    }

    void recordUnauthorized() {
        unauthorized.incrementAndGet();
    }

    void recordFailedInjected() {
        failedInjected.incrementAndGet();
    }

    void recordMalformedInjected() {
        malformedInjected.incrementAndGet();
    }

    long accepted() {
        return accepted.get();
    }

    long rateLimited() {
        return rateLimited.get();
    }

    long unauthorized() {
        return unauthorized.get();
    }

    long failedInjected() {
        return failedInjected.get();
    }

    long malformedInjected() {
        return malformedInjected.get();
    }

    long accepted(RequestKind kind) {
        return acceptedByKind.get(kind).get();
    }

    long acceptedForPrefix(String prefix) {
        long sum = 0;
        for (Map.Entry<String, LongAdder> e : acceptedByPath.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                sum += e.getValue().sum();
            }
        }
        return sum;
    }

    void reset() {
        accepted.set(0);
        rateLimited.set(0);
        unauthorized.set(0);
        failedInjected.set(0);
        malformedInjected.set(0);
        acceptedByPath.clear();
        acceptedByKind.values().forEach(counter -> counter.set(0));
    }
}
