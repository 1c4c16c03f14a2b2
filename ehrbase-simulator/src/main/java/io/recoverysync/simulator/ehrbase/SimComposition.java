package io.recoverysync.simulator.ehrbase;

import java.util.List;

/**
 * A versioned composition: its versioned object uid, EHR, template and every version, oldest first. A snapshot;
 * later commits do not change it.
 */
public record SimComposition(String uuid, String ehrId, String templateId, List<SimVersion> versions, boolean deleted) {

    public SimVersion latest() {
        return versions.get(versions.size() - 1);
    }

    public int latestVersion() {
        return latest().version();
    }
}
