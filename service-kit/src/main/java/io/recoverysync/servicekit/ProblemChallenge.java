package io.recoverysync.servicekit;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JWTAuthMechanism;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Set;

/**
 * The bearer-token mechanism (smallrye-jwt's, which this delegates to) whose 401 challenge carries a problem document,
 * so that a request an HTTP permission refuses outside the REST layer ({@code /q/openapi} without a token) is
 * answered like a REST endpoint's 401 ({@link ProblemMappers#unauthorized()}): {@code WWW-Authenticate: Bearer} and
 * {@code application/problem+json}. Quarkus's documented way to customise a mechanism: a CDI alternative.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class ProblemChallenge implements HttpAuthenticationMechanism {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ProblemChallenge.class);
    private final JWTAuthMechanism jwt;

    public ProblemChallenge(JWTAuthMechanism jwt) {
        this.jwt = jwt;
    }

    /**
     * smallrye-jwt's authentication, with every failure a 401: a token that cannot be verified because the key
     * cannot be loaded (a wrong {@code JWT_PUBLIC_KEY_LOCATION}, an unreachable JWKS URL: {@code SRJWT02002 …
     * MalformedURLException}) escapes it as another exception, which Quarkus would answer with 500, even for a garbage
     * token. The key problem itself shows in readiness ({@link TokenKeyReadiness}) and the log.
     */
    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        return Uni.createFrom().deferred(() -> jwt.authenticate(context, identityProviderManager))
                .onFailure(e -> !(e instanceof AuthenticationFailedException))
                .transform(e -> {
                    LOG.debugf("bearer token not verified: %s", e.getClass().getSimpleName());
                    return new AuthenticationFailedException(e);
                });
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return jwt.getChallenge(context);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return jwt.getCredentialTypes();
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return jwt.getCredentialTransport(context);
    }

    @Override
    public int getPriority() {
        return jwt.getPriority();
    }

    /** The challenge's status and headers, as Quarkus sends them, and for a 401 the problem document. */
    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        return getChallenge(context).map(challenge -> {
            if (challenge == null) {
                return false;
            }
            HttpServerResponse response = context.response();
            if (response.ended() || response.headWritten()) {
                return true;
            }
            response.setStatusCode(challenge.status);
            challenge.getHeaders().forEach((name, value) -> response.headers().set(name, value));
            if (challenge.status == 401) {
                // the same document as every REST endpoint's 401
                response.putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .end(Json.encode(ProblemMappers.unauthorized().getEntity()));
            }
            return true;
        });
    }
}
