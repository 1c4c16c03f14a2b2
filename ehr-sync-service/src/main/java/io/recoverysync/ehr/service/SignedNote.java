package io.recoverysync.ehr.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.UUID;

/**
 * A validated signed SOAP note revision as the intake takes it (the four sections are PHI); {@code signedBy} is the
 * signing user (the token's subject; not part of what was signed), null where unknown.
 */
public record SignedNote(UUID noteId, int revision, UUID patientId, UUID organizationId, UUID providerId,
        String providerName, Instant signedAt, String subjective, String objective, String assessment, String plan,
        ZoneOffset signedOffset, String signedBy) {

    /** A note signed with that offset, by a user not recorded. */
    public SignedNote(UUID noteId, int revision, UUID patientId, UUID organizationId, UUID providerId,
            String providerName, Instant signedAt, String subjective, String objective, String assessment, String plan,
            ZoneOffset signedOffset) {
        this(noteId, revision, patientId, organizationId, providerId, providerName, signedAt, subjective, objective,
                assessment, plan, signedOffset, null);
    }

    /** A note signed in UTC. */
    public SignedNote(UUID noteId, int revision, UUID patientId, UUID organizationId, UUID providerId,
            String providerName, Instant signedAt, String subjective, String objective, String assessment, String plan) {
        this(noteId, revision, patientId, organizationId, providerId, providerName, signedAt, subjective, objective,
                assessment, plan, ZoneOffset.UTC);
    }

    /**
     * SHA-256 over everything signed, length-prefixed so that no two different notes share an encoding: the same
     * (note, revision) sent again with this hash is a retry, with another hash a conflict. The signing instant counts,
     * not its offset (the same moment written in another zone is the same signature; hashes stored before the offset
     * was kept stay valid).
     */
    public String contentHash() {
        StringBuilder canonical = new StringBuilder();
        for (Object part : new Object[] {patientId, organizationId, providerId, providerName, signedAt, subjective,
                objective, assessment, plan}) {
            String text = part == null ? "" : part.toString();
            canonical.append(text.length()).append(':').append(text).append('|');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
