package io.recoverysync.servicekit;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.KeyLocationResolver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;
import org.jose4j.http.Get;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKey;

/**
 * Readiness {@code Token verification key}: whether the key that verifies bearer tokens
 * ({@code mp.jwt.verify.publickey.location} = {@code JWT_PUBLIC_KEY_LOCATION}, or {@code mp.jwt.verify.publickey})
 * can be loaded and parsed — with smallrye-jwt's own resolver, so what it says is what token verification will
 * meet — and, for a JWKS URL, fetched now and holding at least one key. A location that cannot be read (a path that
 * is no file, {@code MalformedURLException: no protocol}) or a JWKS URL that does not answer makes the service not
 * ready instead of answering every token with 500 (a bad or unverifiable token is a 401 anyway:
 * {@link ProblemChallenge}). Checked in the background from start (an ERROR line names the problem): a failure is
 * retried every {@link #RETRY_EVERY}, a success re-checked every {@link #RECHECK_EVERY}; readiness answers the last
 * result ("not checked yet" until the first check ends), so neither start-up nor a probe (on the event loop) waits
 * for a key download.
 */
@Readiness
@ApplicationScoped
public class TokenKeyReadiness implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(TokenKeyReadiness.class);
    static final Duration RETRY_EVERY = Duration.ofSeconds(2);
    static final Duration RECHECK_EVERY = Duration.ofMinutes(1);
    private static final int HTTP_TIMEOUT_MS = 3000;

    private final Instance<JWTAuthContextInfo> contextInfo;
    private final java.util.concurrent.ScheduledExecutorService background =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "token-key-check");
                t.setDaemon(true);
                return t;
            });
    private volatile Result last = new Result(configuredLocation(), "not checked yet");

    /** What a check found: {@code problem} null when the key is usable. */
    record Result(String location, String problem) {
    }

    public TokenKeyReadiness(Instance<JWTAuthContextInfo> contextInfo) {
        this.contextInfo = contextInfo;
    }

    /** The first check, in the background: a JWKS URL that does not answer must not hold the start-up. */
    void onStart(@Observes StartupEvent event) {
        background.execute(() -> {
            Result result = check();
            last = result;
            if (result.problem() != null) {
                LOG.errorf("bearer tokens cannot be verified: %s (JWT_PUBLIC_KEY_LOCATION '%s'); the service stays not "
                        + "ready and answers tokens with 401 until the key can be loaded", result.problem(),
                        result.location());
            }
            schedule(result);
        });
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        background.shutdownNow();
    }

    private void schedule(Result current) {
        Duration next = current.problem() == null ? RECHECK_EVERY : RETRY_EVERY;
        try {
            background.schedule(this::refresh, next.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // shutting down
        }
    }

    private void refresh() {
        Result previous = last;
        Result fresh = check();
        if (previous.problem() != null && fresh.problem() == null) {
            LOG.infof("the bearer-token verification key can be loaded now (%s)", fresh.location());
        } else if (previous.problem() == null && fresh.problem() != null) {
            LOG.errorf("bearer tokens cannot be verified: %s (%s)", fresh.problem(), fresh.location());
        }
        last = fresh;
        schedule(fresh);
    }

    private static String configuredLocation() {
        org.eclipse.microprofile.config.Config config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        return config.getOptionalValue("mp.jwt.verify.publickey.location", String.class)
                .orElse(config.getOptionalValue("mp.jwt.verify.publickey", String.class).isPresent()
                        ? "(inline mp.jwt.verify.publickey)" : "none");
    }

    @Override
    public HealthCheckResponse call() {
        Result result = last;
        return HealthCheckResponse.named("Token verification key")
                .status(result.problem() == null)
                .withData("location", result.location())
                .withData("problem", result.problem() == null ? "none" : result.problem())
                .build();
    }

    Result check() {
        String location = configuredLocation();
        try {
            if (!contextInfo.isResolvable()) {
                return new Result(location, "no token verification is configured (mp.jwt.verify.*)");
            }
            // smallrye reads a file or classpath key when it makes its context (a failure here is what every token
            // would meet), and the key or JWKS again through its own resolver
            JWTAuthContextInfo info = contextInfo.get();
            new KeyLocationResolver(info);
            String l = info.getPublicKeyLocation();
            if (l != null && (l.startsWith("http://") || l.startsWith("https://"))) {
                HttpsJwks jwks = new HttpsJwks(l);
                Get get = new Get();
                get.setConnectTimeout(HTTP_TIMEOUT_MS);
                get.setReadTimeout(HTTP_TIMEOUT_MS);
                get.setRetries(0);
                jwks.setSimpleHttpGet(get);
                List<JsonWebKey> keys = jwks.getJsonWebKeys();
                if (keys.isEmpty()) {
                    return new Result(location, "the JWKS holds no key");
                }
            }
            return new Result(location, null);
        } catch (Exception | LinkageError e) {
            return new Result(location, describe(e));
        }
    }

    /** The failure in words: the innermost cause's type and message (a location is configuration, not a secret). */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String outer = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String inner = root == e ? "" : " (" + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
        String text = "the key cannot be loaded: " + outer + inner;
        return text.length() > 400 ? text.substring(0, 400) : text;
    }
}
