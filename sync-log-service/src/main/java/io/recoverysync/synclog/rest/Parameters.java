package io.recoverysync.synclog.rest;

import io.recoverysync.contracts.SyncType;
import io.recoverysync.synclog.service.RunStatus;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;

/** Reads raw request parameters into typed values; a blank value means "not given". */
final class Parameters {
    private Parameters() {
    }

    static UUID uuid(String name, String value) {
        if (isBlank(value)) {
            return null;
        }
        try {
            UUID parsed = UUID.fromString(value.trim());
            // UUID.fromString accepts short groups such as "1-1-1-1-1"; only the canonical form is an id here
            if (!parsed.toString().equalsIgnoreCase(value.trim())) {
                throw new IllegalArgumentException();
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(name, "must be a UUID");
        }
    }

    static RunStatus status(String name, String value) {
        if (isBlank(value)) {
            return null;
        }
        return RunStatus.fromWire(value.trim())
                .orElseThrow(() -> new InvalidParameterException(name, "must be one of " + Arrays.stream(RunStatus.values())
                        .map(RunStatus::wire)
                        .collect(Collectors.joining(", "))));
    }

    /** The wire types {@code value} names: one type, or {@code appointments} for every type but ehr; null for all. */
    static java.util.List<String> syncTypes(String name, String value) {
        if (!isBlank(value) && value.trim().equals("appointments")) {
            return Arrays.stream(SyncType.values()).filter(t -> t != SyncType.EHR).map(SyncType::wire).toList();
        }
        SyncType type = syncType(name, value);
        return type == null ? null : java.util.List.of(type.wire());
    }

    static SyncType syncType(String name, String value) {
        if (isBlank(value)) {
            return null;
        }
        try {
            return SyncType.fromWire(value.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(name, "must be one of " + Arrays.stream(SyncType.values())
                    .map(SyncType::wire)
                    .collect(Collectors.joining(", ")));
        }
    }

    static int limit(String name, String value, int defaultLimit, int maxLimit) {
        if (isBlank(value)) {
            return defaultLimit;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            parsed = -1;
        }
        if (parsed < 1 || parsed > maxLimit) {
            throw new InvalidParameterException(name, "must be a whole number from 1 to " + maxLimit);
        }
        return parsed;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
