package io.recoverysync.synclog.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Tunables of the sync log service. */
@ConfigMapping(prefix = "sync-log")
public interface SyncLogConfig {

    /** Limits of the list endpoints. */
    Api api();

    /** When a run whose results do not all arrive is ended as timed_out. */
    Timeout timeout();

    /** The live progress stream of one run ({@code GET /api/sync-logs/{id}/progress}). */
    Progress progress();

    /** How a run's progress stream watches the run's row. */
    interface Progress {
        /** How often the run's row is re-read while the run goes on. */
        @WithDefault("PT1S")
        java.time.Duration pollEvery();

        /** An unchanged run is sent again after this, so idle connections are not cut by proxies. */
        @WithDefault("PT15S")
        java.time.Duration heartbeat();

        /** A stream ends after this even while its run goes on; the client opens a new one. */
        @WithDefault("PT1H")
        java.time.Duration maxDuration();

        /** Streams that may follow running runs at once in one replica (each re-reads its run every poll); more get 503. */
        @WithDefault("200")
        int maxStreams();
    }

    /** Run deadlines: started_at + base + perPatient x expected patients. */
    interface Timeout {
        /** Fixed part of every run's deadline. */
        @WithDefault("PT15M")
        java.time.Duration base();

        /** Added per expected patient (IntakeQ's base plan serves 10 requests a minute). */
        @WithDefault("PT10S")
        java.time.Duration perPatient();

        /** How often overdue runs are looked for (a scheduler interval such as {@code 30s}). */
        @WithDefault("30s")
        String checkEvery();
    }

    /** How many rows a list returns. */
    interface Api {
        /** Rows returned when the request names no {@code limit}. */
        @WithDefault("50")
        int defaultLimit();

        /** The largest {@code limit} a request may ask for; more is a 400. */
        @WithDefault("500")
        int maxLimit();
    }
}
