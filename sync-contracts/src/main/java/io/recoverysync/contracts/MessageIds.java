package io.recoverysync.contracts;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Deterministic message ids, so a message rebuilt after a crash has the id of the one it replaces. */
public final class MessageIds {
    private MessageIds() {
    }

    /** The id of the command for {@code patientId} in {@code runId}. */
    public static UUID command(UUID runId, UUID patientId) {
        return nameBased("command", runId, patientId);
    }

    /** The id of the result a service publishes for a command. */
    public static UUID result(UUID commandId, String source) {
        return UUID.nameUUIDFromBytes(("result:" + source + ":" + commandId).getBytes(StandardCharsets.UTF_8));
    }

    /** The id of the run-started event of {@code runId}. */
    public static UUID runStarted(UUID runId) {
        return UUID.nameUUIDFromBytes(("run-started:" + runId).getBytes(StandardCharsets.UTF_8));
    }

    /** The id of the run-ended event of {@code runId}. */
    public static UUID runEnded(UUID runId) {
        return UUID.nameUUIDFromBytes(("run-ended:" + runId).getBytes(StandardCharsets.UTF_8));
    }

    /** The id of revision {@code revision} of a roster affiliation record. */
    public static UUID rosterAffiliation(UUID patientId, UUID organizationId, long revision) {
        return UUID.nameUUIDFromBytes(("roster:" + patientId + ":" + organizationId + ":" + revision)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static UUID nameBased(String kind, UUID a, UUID b) {
        return UUID.nameUUIDFromBytes((kind + ":" + a + ":" + b).getBytes(StandardCharsets.UTF_8));
    }
}
