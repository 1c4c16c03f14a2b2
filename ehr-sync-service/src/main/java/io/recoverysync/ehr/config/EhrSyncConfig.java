package io.recoverysync.ehr.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of ehr-sync-service; every key has a default, production values come from the environment. */
@ConfigMapping(prefix = "ehr-sync")
public interface EhrSyncConfig {

    /** Access to EHRbase and what the compositions look like. */
    Ehrbase ehrbase();

    /** Retries of transient EHRbase failures. */
    Retry retry();

    /** In-process posting of notes. */
    Worker worker();

    /** The safety-net sweep that re-emits notes nobody is working on. */
    Sweep sweep();

    /** Failed notes sent again by themselves once EHRbase answers correctly. */
    Recovery recovery();

    /** The check of EHRbase's configuration (template, credentials, system id). */
    ConfigCheck configCheck();

    /** How long note text is kept after the note reached EHRbase. */
    Retention retention();

    /** Note text retention. */
    interface Retention {
        /** Text of a note stored in EHRbase (or superseded) longer ago than this is cleared (env EHR_NOTE_TEXT_RETENTION). */
        @WithDefault("P30D")
        Duration noteText();

        /** How often the purge runs. */
        @WithDefault("1h")
        String every();
    }

    /** EHRbase configuration check. */
    interface ConfigCheck {
        /** How often it runs after the one at start while everything is right ("off": only when something changes). */
        @WithDefault("10m")
        String every();

        /** How often it runs while a problem is open or EHRbase has not answered yet. */
        @WithDefault("PT5S")
        Duration problemEvery();
    }

    /** Automatic re-drive of notes failed for credentials or unavailability. */
    interface Recovery {
        /**
         * How often, while such failed notes exist, EHRbase is probed (one authenticated GET of the template list);
         * when it answers 200 they are sent again.
         */
        @WithDefault("60s")
        String every();

        /** Notes re-driven per pass at most. */
        @WithDefault("500")
        int batchSize();
    }

    /** The outbox relay. */
    Outbox outbox();

    /** Reporting of note outcomes as EHR runs to sync.runs / sync.results. */
    Report report();

    /** Metrics. */
    Metrics metrics();

    /** How the metrics that need a database read stay cheap to scrape. */
    interface Metrics {
        /** A scrape this long after the last queue count starts a new one (ehr_queue_depth). */
        @WithDefault("PT15S")
        Duration queueDepthMaxAge();
    }

    /** EHRbase access (the base URL is {@code quarkus.rest-client.ehrbase.url}, env EHRBASE_BASE_URL). */
    interface Ehrbase {
        /** Basic-auth user (env EHRBASE_USER); unset sends no Authorization header (EHRbase authType NONE). */
        Optional<String> user();

        /** Basic-auth password (env EHRBASE_PASSWORD). */
        Optional<String> password();

        /** EHRbase's {@code server.nodename}, the system id inside every version uid (env EHRBASE_SYSTEM_ID). */
        @WithDefault("local.ehrbase.org")
        String systemId();

        /** The operational template the notes are composed with; uploaded once from the classpath. */
        @WithDefault("RIPPLE - Clinical Notes.v1")
        String templateId();

        /** Classpath resource holding the template's OPT XML. */
        @WithDefault("ehrbase/ripple-clinical-notes.v1.opt")
        String templateResource();

        /** Namespace of the EHR subject reference; the subject id is the patient id (env EHRBASE_SUBJECT_NAMESPACE). */
        @WithDefault("recoverysync")
        String subjectNamespace();

        /** ISO 639-1 language of the compositions. */
        @WithDefault("en")
        String language();

        /** ISO 3166-1 territory of the compositions. */
        @WithDefault("US")
        String territory();
    }

    /** Retry budget. */
    interface Retry {
        /** Posting attempts per note revision before it fails with EHRBASE_UNAVAILABLE. */
        @WithDefault("10")
        int maxAttempts();

        /** Delay before the first retry; doubles per attempt, with jitter (x0.5 to x1.5). */
        @WithDefault("PT5S")
        Duration initialBackoff();

        /** Upper bound of one retry delay. */
        @WithDefault("PT10M")
        Duration maxBackoff();
    }

    /** Posting workers. */
    interface Worker {
        /** Notes posted at once by this instance (one patient's notes are always posted one after the other). */
        @WithDefault("16")
        int concurrency();

        /** How long a claimed note belongs to its worker; after that the sweep hands it to another. */
        @WithDefault("PT2M")
        Duration lease();
    }

    /** Safety net. */
    interface Sweep {
        /** How often the sweep runs (Quarkus scheduler syntax). */
        @WithDefault("60s")
        String every();

        /** A due note with no event queued for this long, or whose lease ran out, is re-emitted. */
        @WithDefault("PT2M")
        Duration staleAfter();

        /** Notes re-emitted per sweep at most. */
        @WithDefault("500")
        int batchSize();
    }

    /** Outbox relay. */
    interface Outbox {
        /** How often the relay looks for unpublished rows besides being nudged after every write. */
        @WithDefault("2s")
        String pollEvery();

        /** Rows published per transaction. */
        @WithDefault("200")
        int batchSize();
    }

    /** EHR run reporting. */
    interface Report {
        /** How often finished notes are reported as one EHR run per organization (env EHR_REPORT_EVERY). */
        @WithDefault("1h")
        String every();

        /** Notes reported per transaction (one run per organization each). */
        @WithDefault("5000")
        int batchSize();
    }
}
