package io.recoverysync.simulator.ehrbase;

/**
 * Notice of a committed composition version, for benchmarks: which EHR and versioned object, the version, and
 * {@link System#nanoTime()} at commit (comparable with the caller's own nanoTime in the same JVM).
 */
public record StoredComposition(String ehrId, String uuid, SimVersion version, long committedNanos) {
}
