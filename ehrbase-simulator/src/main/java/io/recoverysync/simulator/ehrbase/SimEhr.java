package io.recoverysync.simulator.ehrbase;

import java.time.Instant;

/**
 * One EHR as the simulator holds it; {@code subjectId}/{@code subjectNamespace} are null for an EHR created
 * without an external subject reference.
 */
public record SimEhr(String ehrId, String subjectId, String subjectNamespace, Instant timeCreated) {
}
