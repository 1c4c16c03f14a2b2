package io.recoverysync.simulator.ehrbase;

import java.time.Instant;
import java.util.Map;

/**
 * One committed version of a composition: its version uid ({@code uuid::system::n}), the stored FLAT form
 * (including {@code <root>/_uid}) and when it was committed.
 */
public record SimVersion(String versionUid, int version, Map<String, String> flat, Instant committedAt) {

    /** The text of the FLAT path, or null. */
    public String value(String path) {
        return flat.get(path);
    }
}
