package io.recoverysync.dashboard;

import java.util.Set;
import java.util.UUID;

/**
 * Who is signed in, from the identity provider's ID token: a display name (never put in a URL or a log), the
 * organization ({@code org_id}, null for ops) and the roles.
 */
public record SignedInUser(String displayName, UUID organizationId, Set<String> roles) {
    public static final String PARTNER = "partner";
    public static final String ORG_ADMIN = "org-admin";
    public static final String CLINICIAN = "clinician";
    public static final String OPS = "ops";

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** A case manager or admin of an organization: the day view, patients, history and calendar are theirs. */
    public boolean caseManager() {
        return organizationId != null && (has(PARTNER) || has(ORG_ADMIN));
    }

    /** A clinician of an organization: their notes' page is theirs. */
    public boolean clinician() {
        return organizationId != null && has(CLINICIAN);
    }

    /** The operations team: the operations page is theirs. */
    public boolean ops() {
        return has(OPS);
    }

    /** An organization's admin: the roster page is theirs. */
    public boolean orgAdmin() {
        return organizationId != null && has(ORG_ADMIN);
    }

    /** The role named on the page: the strongest the user holds. */
    public String roleLabel() {
        return has(OPS) ? "Operations" : has(ORG_ADMIN) ? "Organization admin" : has(PARTNER) ? "Case manager"
                : has(CLINICIAN) ? "Clinician" : "No role";
    }
}
