package io.recoverysync.scheduler;

import java.util.UUID;

/** A recovery center: its id, name and the IANA time zone its case managers see times in. */
public record Organization(UUID id, String name, String timeZone) {
}
