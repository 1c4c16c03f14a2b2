package io.recoverysync.ehr.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/** A validated signed SOAP note revision as the intake takes it (the four sections are PHI). */
public record SignedNote(UUID noteId, int revision, UUID patientId, UUID organizationId, UUID providerId,
        String providerName, Instant signedAt, String subjective, String objective, String assessment, String plan) {

    /**
     * SHA-256 over everything signed, length-prefixed so that no two different notes share an encoding: the same
     * (note, revision) sent again with this hash is a retry, with another hash a conflict.
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
