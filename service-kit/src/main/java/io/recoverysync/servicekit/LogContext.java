package io.recoverysync.servicekit;

import java.util.UUID;
import org.jboss.logging.MDC;

/**
 * Puts the ids of the work at hand into the logging MDC ({@value #RUN_ID}, {@value #PATIENT_ID}), so every log line
 * written while a command or result is handled carries them (JSON logs in prod show them as fields). Ids only:
 * never a name, email or note text. Quarkus keeps the MDC in the message's Vert.x duplicated context, so the values
 * follow the handling across asynchronous steps and do not leak into other messages.
 */
public final class LogContext {
    public static final String RUN_ID = "runId";
    public static final String PATIENT_ID = "patientId";

    private LogContext() {
    }

    /** Sets both ids; a null id removes its key, so nothing of a previous message lingers. */
    public static void of(UUID runId, UUID patientId) {
        put(RUN_ID, runId);
        put(PATIENT_ID, patientId);
    }

    private static void put(String key, UUID value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value.toString());
        }
    }
}
