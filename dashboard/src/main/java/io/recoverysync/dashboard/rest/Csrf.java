package io.recoverysync.dashboard.rest;

import jakarta.ws.rs.core.NewCookie;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Cross-site request forgery protection for the pages' forms (double submit): a random token in an HttpOnly,
 * SameSite=Strict cookie, the same value in each form's hidden field; a POST whose field does not match the cookie is
 * refused. Another site can make a browser send the cookie only without SameSite=Strict, and can never read it to
 * fill in the field.
 */
final class Csrf {
    static final String COOKIE = "csrf";
    static final String FIELD = "csrf_token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {
    }

    /** The token of a page: the browser's, or a new one (then {@link #cookie} must be set on the answer). */
    static String tokenFor(String fromCookie) {
        if (fromCookie != null && fromCookie.matches("[0-9a-f]{64}")) {
            return fromCookie;
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static NewCookie cookie(String token) {
        return new NewCookie.Builder(COOKIE).value(token).path("/").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).build();
    }

    /** Whether a form's field matches the cookie (compared in constant time). */
    static boolean matches(String fromCookie, String fromForm) {
        return fromCookie != null && fromForm != null && !fromCookie.isEmpty()
                && MessageDigest.isEqual(fromCookie.getBytes(StandardCharsets.UTF_8), fromForm.getBytes(StandardCharsets.UTF_8));
    }
}
