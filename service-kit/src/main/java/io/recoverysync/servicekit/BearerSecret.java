package io.recoverysync.servicekit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Checks an {@code Authorization: Bearer <secret>} header in constant time; an unset secret matches nothing. */
public final class BearerSecret {
    private BearerSecret() {
    }

    public static boolean matches(String authorizationHeader, Optional<String> expected) {
        if (expected.isEmpty() || expected.get().isBlank() || authorizationHeader == null
                || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorizationHeader.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expected.get().getBytes(StandardCharsets.UTF_8));
    }
}
