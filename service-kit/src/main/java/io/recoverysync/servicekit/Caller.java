package io.recoverysync.servicekit;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonString;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The authenticated caller of an API endpoint: its organization (a token claim, {@code org_id} unless
 * {@code JWT_ORGANIZATION_CLAIM} names another) and its roles. {@code partner} and {@code clinician} callers see
 * their own organization only; {@code ops} callers see every organization. Data of an organization the caller may
 * not see is reported as not found, so ids of other organizations never leak.
 */
@RequestScoped
public class Caller {
    public static final String PARTNER = "partner";
    public static final String OPS = "ops";
    public static final String CLINICIAN = "clinician";
    /** Manages its own organization's roster (patients, affiliations, the organization's name and time zone). */
    public static final String ORG_ADMIN = "org-admin";

    private final SecurityIdentity identity;
    private final String organizationClaim;

    public Caller(SecurityIdentity identity,
            @ConfigProperty(name = "auth.organization-claim", defaultValue = "org_id") String organizationClaim) {
        this.identity = identity;
        this.organizationClaim = organizationClaim;
    }

    public boolean isOps() {
        return identity.hasRole(OPS);
    }

    /** The caller's own organization, or null when the token carries none or a malformed one. */
    public UUID organization() {
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return null;
        }
        Object claim = jwt.getClaim(organizationClaim);
        if (claim instanceof JsonString json) {
            claim = json.getString();
        }
        return claim instanceof String text ? Ids.parse(text) : null;
    }

    /** The caller's own organization; a token without one may not use organization-scoped endpoints (403). */
    public UUID requireOrganization() {
        UUID organization = organization();
        if (organization == null) {
            throw new ForbiddenException("The token names no organization.");
        }
        return organization;
    }

    /**
     * Who started something, for the audit trail ({@code sync_logs.triggered_by}): {@code <role>:<token subject>},
     * the role being the strongest the caller holds (ops, partner, clinician); at most 200 characters.
     */
    public String describe() {
        String text = role() + ":" + subject();
        return text.length() > 200 ? text.substring(0, 200) : text;
    }

    /** The strongest role the caller holds: ops, org-admin, partner, clinician, else "user". */
    public String role() {
        return identity.hasRole(OPS) ? OPS : identity.hasRole(ORG_ADMIN) ? ORG_ADMIN
                : identity.hasRole(PARTNER) ? PARTNER : identity.hasRole(CLINICIAN) ? CLINICIAN : "user";
    }

    /** Whether the caller holds {@code role}. */
    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }

    /** The token's subject (else the principal's name, else "anonymous"), without control characters. */
    public String subject() {
        String subject = identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null
                ? jwt.getSubject() : identity.getPrincipal() == null ? "anonymous" : identity.getPrincipal().getName();
        return subject.replaceAll("[\\p{Cntrl}]", "");
    }

    /** Whether the caller may see data of {@code organizationId} (null means data that belongs to no organization). */
    public boolean mayAccess(UUID organizationId) {
        return isOps() || (organizationId != null && organizationId.equals(organization()));
    }

    /**
     * The organization a listing is limited to. Ops callers get what they asked for (null: every organization);
     * others get their own organization, and asking for another one is refused as {@link OutOfScope}.
     */
    public UUID scope(UUID requested) {
        if (isOps()) {
            return requested;
        }
        UUID own = requireOrganization();
        if (requested != null && !requested.equals(own)) {
            throw new OutOfScope();
        }
        return own;
    }

    /**
     * The organization an endpoint acts on, from its {@code organizationId} query parameter (raw, may be absent):
     * a malformed value, and no value from an ops caller, are refused with a 400 naming the field
     * ({@link ProblemException}); other callers get their own organization, and naming another is refused as
     * {@link OutOfScope} (a token without an organization as 403).
     */
    public UUID scopedOrganization(String organizationIdParam) {
        UUID requested = Ids.parse(organizationIdParam);
        if (organizationIdParam != null && requested == null) {
            throw invalidOrganization("must be a UUID");
        }
        if (isOps() && requested == null) {
            throw invalidOrganization("is required for an ops caller");
        }
        return scope(requested);
    }

    private static ProblemException invalidOrganization(String message) {
        return new ProblemException(Problem.invalid("The organization is missing or malformed.",
                List.of(new Problem.FieldError("organizationId", message))));
    }

    /** The requested organization is not the caller's: answered as 404, like an organization that does not exist. */
    public static final class OutOfScope extends RuntimeException {
        public OutOfScope() {
            super("Unknown organization.", null, false, false);
        }
    }
}
