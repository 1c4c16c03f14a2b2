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

    /** The practice-wide mirror of IntakeQ appointments that answers the per-patient commands. */
    Mirror mirror();

    /** The worker that answers commands waiting in {@code pending_commands}. */
    Worker worker();

    /** IntakeQ's appointment webhooks. */
    Webhook webhook();

    /** Metrics. */
    Metrics metrics();

    /** How the metrics that need a database read stay cheap to scrape. */
    interface Metrics {
        /** A scrape older than this after the last quota read starts a new one (intakeq_quota_remaining). */
        @WithDefault("PT15S")
        Duration quotaMaxAge();
    }

    /**
     * How fresh the mirror must be for a command, and how it is read. A command is answered once a read that started
     * no earlier than {@code issuedAt - max-age} of its sync type has completed, so one read serves every
     * organization's commands of a night or of refreshes close together.
     */
    interface Mirror {
        /**
         * false: every command is answered by a read of its own patient's client (the per-patient design, one or more
         * requests per patient; kept for comparison and as a fallback).
         */
        @WithDefault("true")
        boolean enabled();

        /** The IntakeQ account (one API key) whose budget and mirror this deployment keeps (env INTAKEQ_ACCOUNT). */
        @WithDefault("default")
        String account();

        /** Nightly commands accept a read started up to this long before they were issued. */
        @WithDefault("PT30M")
        Duration nightlyMaxAge();

        /** Bulk-refresh commands accept a read started up to this long before they were issued. */
        @WithDefault("PT2M")
        Duration bulkMaxAge();

        /** Single-patient refreshes accept a read started up to this long before they were issued. */
        @WithDefault("PT2M")
        Duration patientMaxAge();

        /** A practice read reads the whole window (and reconciles what left it) when the last full read is older. */
        @WithDefault("P7D")
        Duration fullEvery();

        /** How far before the newest LastModified seen an incremental read's updatedSince date goes (IntakeQ takes dates). */
        @WithDefault("P1D")
        Duration overlap();

        /**
         * Up to this many patients waiting only on single-patient refreshes are read one client each (one request per
         * patient, usually) instead of with a practice-wide read.
         */
        @WithDefault("2")
        int targetedMax();

        /** Appointments confirmed by id per read when a read suddenly returns none of a client's upcoming ones. */
        @WithDefault("20")
        int confirmMax();

        /** After a failed read, the next read of the same kind waits this long. */
        @WithDefault("PT30S")
        Duration retryAfterFailure();

        /** The reader's lease; another replica takes the reading over when it runs out. */
        @WithDefault("PT60S")
        Duration lease();

        /** How often a replica looks for reads to make (a scheduler interval). */
        @WithDefault("1s")
        String pollEvery();
    }

    /** Answering waiting commands. */
    interface Worker {
        /** How often waiting commands are looked at when nothing nudges the worker (a scheduler interval, 1 s at least). */
        @WithDefault("1s")
        String pollEvery();

        /** Commands claimed per pass. */
        @WithDefault("200")
        int batchSize();

        /** A claimed command not answered within this is claimed again (its worker died). */
        @WithDefault("PT60S")
        Duration lease();

        /**
         * A waiting command is looked at again after this, doubled at every look up to {@link #recheckMax()}; a
         * completed read wakes every waiting command at once.
         */
        @WithDefault("PT1S")
        Duration recheck();

        /** The longest a waiting command goes without being looked at (a patient new to the roster view, say). */
        @WithDefault("PT30S")
        Duration recheckMax();

        /**
         * A command whose read failed for a reason that may pass (IntakeQ unavailable or rate limited, roster
         * unreachable) waits this long for a later read before it is answered with that reason.
         */
        @WithDefault("PT15M")
        Duration transientPatience();

        /** A command still unanswered after this is answered with the reason reads are failing. */
        @WithDefault("PT6H")
        Duration maxWait();

        /**
         * A patient the roster view does not know (yet) is waited for this long before PATIENT_NOT_FOUND: the
         * scheduler only sends commands for active patients, so an unknown one is almost always a view that lags
         * (the roster feed publishes every 10 s; a consumer rebalance after a crash takes a session timeout).
         */
        @WithDefault("PT5M")
        Duration rosterGrace();
    }

    /** IntakeQ webhooks ({@code POST /api/intakeq/webhook/{secret}}). */
    interface Webhook {
        /** The path secret configured in IntakeQ's webhook URL (env INTAKEQ_WEBHOOK_SECRET); unset: webhooks are off (404). */
        Optional<String> secret();

        /** How often recorded events are looked at when nothing nudges the processor (a scheduler interval). */
        @WithDefault("1s")
        String pollEvery();

        /** Processed events are kept this long (for de-duplication of late repeats), then deleted. */
        @WithDefault("P7D")
        Duration retention();

        /**
         * More appointments than this waiting in one pass (a burst: a practitioner reschedules a morning) are served
         * by one incremental practice read instead of a read by id each; at most this many are read by id.
         */
        @WithDefault("3")
        int burstThreshold();
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
        /** Bearer token for sync-scheduler's internal roster API, asked for emails of targeted reads (env INTERNAL_API_TOKEN). */
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
