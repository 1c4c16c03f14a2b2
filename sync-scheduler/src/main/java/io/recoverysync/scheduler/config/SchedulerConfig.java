package io.recoverysync.scheduler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of sync-scheduler. */
@ConfigMapping(prefix = "sync")
public interface SchedulerConfig {

    /** The nightly fan-out. */
    Nightly nightly();

    /** The cron trigger endpoint. */
    Cron cron();

    /** The internal roster API used by the sync workers. */
    InternalApi internalApi();

    /** Re-publishing of fan-outs a crash interrupted. */
    Recovery recovery();

    /** Bulk refreshes. */
    Bulk bulk();

    /** The roster's publication on {@code roster.affiliations}. */
    Roster roster();

    /** The case managers' calendar feeds. */
    Calendar calendar();

    /** Calendar feeds (iCalendar). */
    interface Calendar {
        /**
         * The public address the feed URLs start with (env CALENDAR_PUBLIC_URL, e.g. https://sync.example.org); unset:
         * the address the feed was created through.
         */
        Optional<String> publicUrl();

        /** How many days of past appointments a feed holds. */
        @WithDefault("7")
        int daysBack();

        /** How many days ahead a feed reaches. */
        @WithDefault("60")
        int daysAhead();
    }

    /** How the roster reaches the other services. */
    interface Roster {
        /**
         * How often the feed compares the roster with what it published and sends the differences (env
         * SYNC_ROSTER_PUBLISH_EVERY); an edit made by SQL reaches the other services within this time.
         */
        @WithDefault("10s")
        String publishEvery();
    }

    /** Bulk refresh limits. */
    interface Bulk {
        /** A bulk run whose end was never announced stops blocking the next one after this long. */
        @WithDefault("PT6H")
        Duration maxDuration();
    }

    /** When the nightly run fires. */
    interface Nightly {
        /** Quartz cron expression, evaluated in {@link #timeZone()}; "off" disables the in-process trigger. */
        @WithDefault("0 0 3 * * ?")
        String cron();

        /** IANA zone the cron expression and the business date are evaluated in. */
        @WithDefault("America/Denver")
        String timeZone();

        /** On start-up, run the latest night's run if it was missed while the scheduler was down. */
        @WithDefault("true")
        boolean catchUp();

        /**
         * How often the latest due night is checked for organizations without their run (started then; "off" for
         * never). Quarkus scheduler syntax.
         */
        @WithDefault("15m")
        String catchUpEvery();
    }

    /** The cron endpoint's shared secret. */
    interface Cron {
        /** Bearer secret for POST /api/cron/sync-practiceq-appointments (env CRON_SECRET); unset rejects every call. */
        Optional<String> secret();
    }

    /** Service-to-service access to the roster. */
    interface InternalApi {
        /** Bearer token the sync workers present (env INTERNAL_API_TOKEN); unset rejects every call. */
        Optional<String> token();
    }

    /** Finishing fan-outs a crash interrupted. */
    interface Recovery {
        /**
         * A run not fanned out whose fan-out heartbeat (its creation, for runs recorded before heartbeats) is older
         * than this is resumed (same message ids). Several heartbeats long, so that a live fan-out is never taken
         * over for one late heartbeat.
         */
        @WithDefault("PT30S")
        Duration staleAfter();

        /**
         * How often the recovery sweep looks for such runs (Quarkus scheduler syntax; "off" for never on this
         * replica). A crashed fan-out is announced at most {@link #staleAfter()} plus this after its last heartbeat.
         */
        @WithDefault("10s")
        String every();

        /** How often a process refreshes the heartbeat of the runs it is fanning out; well below {@link #staleAfter()}. */
        @WithDefault("5s")
        Duration heartbeatEvery();
    }
}
