package io.recoverysync.simulator.intakeq;

/**
 * What an accepted {@code /api/v1} request asked for, so benchmarks can tell a practice-wide read from per-client
 * reads without parsing paths. Every accepted request has exactly one kind, so the kinds add up to
 * {@link IntakeQSimulator#acceptedRequests()}.
 */
enum RequestKind {
    /** {@code GET /appointments} without {@code client}. */
    PRACTICE_LIST("practiceList"),
    /** {@code GET /appointments?client=...}. */
    CLIENT_LIST("clientList"),
    /** {@code GET /appointments/{id}}. */
    BY_ID("byId"),
    /** {@code GET /appointments/settings}. */
    SETTINGS("settings"),
    /** {@code GET /clients}. */
    CLIENTS("clients"),
    /** Anything else that got past the quota: unknown paths, wrong methods. */
    OTHER("other");

    private final String statsName;

    RequestKind(String statsName) {
        this.statsName = statsName;
    }

    /** The key under {@code acceptedByKind} in {@code /_sim/stats}. */
    String statsName() {
        return statsName;
    }
}
