package io.recoverysync.testsupport;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/**
 * Mints RS256 bearer tokens the way the identity provider would: issuer, audience, subject, {@code org_id} and
 * roles in {@code groups}. {@link #DEFAULT} signs with the test key pair under {@code jwt/} on this module's classpath
 * (services trust its public half in the {@code test} profile); {@link #generate()} makes a fresh pair, as the
 * local stack does. Test-only: the committed key protects nothing.
 */
public final class TestTokens {
    public static final String ISSUER = "https://auth.recoverysync.test";
    /** The audience the services expect (their {@code JWT_AUDIENCE}, {@code sync-backbone} in tests). */
    public static final String AUDIENCE = "sync-backbone";
    public static final String PUBLIC_KEY_RESOURCE = "jwt/test-public-key.pem";
    public static final TestTokens DEFAULT = new TestTokens(readPrivateKey("jwt/test-private-key.pem"), null);

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private TestTokens(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** A fresh key pair; {@link #publicKeyPem()} is what the services are told to trust. */
    public static TestTokens generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new TestTokens(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key in PEM form (only for generated pairs). */
    public String publicKeyPem() {
        if (publicKey == null) {
            throw new IllegalStateException("the default key pair's public half is the resource " + PUBLIC_KEY_RESOURCE);
        }
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(publicKey.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** A partner user of {@code organizationId} (sees that organization only). */
    public String partner(UUID organizationId) {
        return token(organizationId, Set.of("partner"), Duration.ofHours(1));
    }

    /** A clinician of {@code organizationId} (signs notes for it). */
    public String clinician(UUID organizationId) {
        return token(organizationId, Set.of("clinician"), Duration.ofHours(1));
    }

    /** An operator: every organization, replay and admin endpoints. */
    public String ops() {
        return token(null, Set.of("ops"), Duration.ofHours(1));
    }

    /** A partner token that expired ten minutes ago (beyond any clock-skew allowance). */
    public String expired(UUID organizationId) {
        return token(organizationId, Set.of("partner"), Duration.ofMinutes(-10));
    }

    /** A token with the given roles and organization claim (null: none), valid for {@code lifetime} from now. */
    public String token(UUID organizationId, Set<String> roles, Duration lifetime) {
        return token(organizationId, roles, lifetime, AUDIENCE);
    }

    /** As {@link #token(UUID, Set, Duration)} for another audience ({@code null}: no {@code aud} claim). */
    public String token(UUID organizationId, Set<String> roles, Duration lifetime, String audience) {
        Instant now = Instant.now();
        Instant expiry = now.plus(lifetime);
        JwtClaimsBuilder claims = Jwt.issuer(ISSUER)
                .subject("user-" + UUID.randomUUID())
                .groups(roles)
                .issuedAt(lifetime.isNegative() ? expiry.minus(Duration.ofHours(1)) : now)
                .expiresAt(expiry);
        if (organizationId != null) {
            claims.claim("org_id", organizationId.toString());
        }
        if (audience != null) {
            claims.audience(audience);
        }
        return claims.jws().keyId("test").sign(privateKey);
    }

    private static PrivateKey readPrivateKey(String resource) {
        try (InputStream in = TestTokens.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test key " + resource);
            }
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
