package io.recoverysync.appointments.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of appointment-sync-service. */
@ConfigMapping(prefix = "appointment-sync")
public interface AppointmentSyncConfig {

    /** Access to the IntakeQ Appointments API. */
    IntakeQ intakeq();

    /** Access to the roster owned by sync-scheduler. */
    Roster roster();

    /** The date window each patient's sync reads and reconciles. */
    Window window();

    /** Incremental reads with updatedSince. */
    Incremental incremental();

    /** Metrics. */
    Metrics metrics();

    /** How the metrics that need a database read stay cheap to scrape. */
    interface Metrics {
        /** A scrape older than this after the last quota read starts a new one (intakeq_quota_remaining). */
        @WithDefault("PT15S")
        Duration quotaMaxAge();
    }

    /**
     * When a refresh reads only what changed: a manual refresh of a patient whose window needs more than one page,
     * whose whole window was read recently. Nightly runs always read the whole window (reconciling deletions).
     */
    interface Incremental {
        /** Whether manual refreshes may read incrementally. */
        @WithDefault("true")
        boolean enabled();

        /** Read the whole window again when the last full read is older than this. */
        @WithDefault("PT24H")
        Duration fullEvery();

        /** How far before the newest LastModified seen the updatedSince date goes (IntakeQ takes dates). */
        @WithDefault("P1D")
        Duration overlap();
    }

    /** IntakeQ access. */
    interface IntakeQ {
        /** API key sent as X-Auth-Key (env INTAKEQ_API_KEY); unset means every patient fails INTAKEQ_UNAUTHORIZED. */
        Optional<String> apiKey();

        /** Requests per minute the IntakeQ account allows, shared by all replicas (base plan: 10; 0 = unlimited). */
        @WithDefault("10")
        int requestsPerMinute();

        /** Requests per UTC day the account allows, shared by all replicas (base plan: 500; 0 = unlimited). */
        @WithDefault("500")
        int requestsPerDay();

        /** Fraction of the per-minute rate left unused so a sliding-window limiter never sees one too many. */
        @WithDefault("0.03")
        double pacingHeadroom();

        /** Attempts per request for 5xx, timeouts and connection errors before the patient fails. */
        @WithDefault("4")
        int maxAttempts();

        /** 429 answers tolerated per request (each waits for Retry-After, pausing every replica) before the patient fails. */
        @WithDefault("20")
        int maxRateLimitedAttempts();

        /** First back-off after a transient failure; doubles per attempt, with jitter. */
        @WithDefault("PT1S")
        Duration initialBackoff();

        /** Wait after a 429 that carries no Retry-After header (the per-minute window). */
        @WithDefault("PT60S")
        Duration defaultRetryAfter();

        /** Records per page; IntakeQ serves at most 100 and a shorter page is the last. */
        @WithDefault("100")
        int pageSize();
    }

    /** Roster access. */
    interface Roster {
        /** Bearer token for sync-scheduler's internal roster API (env INTERNAL_API_TOKEN). */
        Optional<String> token();
    }

    /** Sync window. */
    interface Window {
        /** Days before today to read. */
        @WithDefault("90")
        int daysBack();

        /** Days after today to read. */
        @WithDefault("90")
        int daysAhead();
    }
}
