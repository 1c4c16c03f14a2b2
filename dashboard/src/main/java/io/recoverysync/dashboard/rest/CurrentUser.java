package io.recoverysync.dashboard.rest;

import io.quarkus.oidc.IdToken;
import io.quarkus.security.identity.SecurityIdentity;
import io.recoverysync.dashboard.SignedInUser;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The signed-in user of this request, read from the ID token the identity provider issued. */
@RequestScoped
public class CurrentUser {
    @Inject
    SecurityIdentity identity;

    // the qualifier applies to fields only
    @Inject
    @IdToken
    JsonWebToken idToken;

    @ConfigProperty(name = "dashboard.organization-claim", defaultValue = "org_id")
    String organizationClaim;

    public SignedInUser get() {
        String name = idToken.getClaim("name");
        if (name == null) {
            name = idToken.getClaim("preferred_username");
        }
        return new SignedInUser(name == null ? "Signed in" : name, organization(), identity.getRoles());
    }

    private UUID organization() {
        Object claim = idToken.getClaim(organizationClaim);
        if (claim instanceof JsonString json) {
            claim = json.getString();
        }
        return claim instanceof String text ? PathIds.uuid(text) : null;
    }
}
