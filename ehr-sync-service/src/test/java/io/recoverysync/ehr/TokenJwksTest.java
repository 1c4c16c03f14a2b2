package io.recoverysync.ehr;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.TestTokens;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A JWKS URL that does not answer at start: the service is not ready (not answering tokens with 500: a 401), the
 * readiness check retries it, and once the identity provider answers the service becomes ready and takes its tokens.
 */
@QuarkusTest
@TestProfile(TokenJwksTest.LateJwks.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(EhrbaseSimulatorResource.class)
class TokenJwksTest {
    /** One port for the JVM: the profile and the test class may be loaded by different class loaders. */
    static final int PORT = Integer.parseInt(System.getProperties().computeIfAbsent("tokenjwkstest.port",
            k -> String.valueOf(freePort())).toString());

    /** Tokens verified against a JWKS on a port where nothing listens yet. */
    public static class LateJwks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.jwt.verify.publickey.location", "http://127.0.0.1:" + PORT + "/jwks");
        }
    }

    @Test
    void anUnreachableJwksIsNotReadyThen401AndReadyOnceItAnswers() throws IOException {
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.findAll { it.name == 'Token verification key' }.status", hasItem("DOWN"));
        given().auth().oauth2(TestTokens.DEFAULT.ops()).get("/api/ehr/queue").then()
                .statusCode(401).contentType("application/problem+json");
        given().auth().oauth2("garbage").get("/api/ehr/queue").then()
                .statusCode(401).contentType("application/problem+json");

        com.sun.net.httpserver.HttpServer jwks = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress("127.0.0.1", PORT), 0);
        byte[] body = defaultJwks().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> given().get("/q/health/ready").statusCode() == 200);
            given().auth().oauth2(TestTokens.DEFAULT.ops()).get("/api/ehr/queue").then().statusCode(200);
        } finally {
            jwks.stop(0);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JWKS of the test key pair ({@link TestTokens#PUBLIC_KEY_RESOURCE}), as an identity provider serves it. */
    static String defaultJwks() {
        try {
            java.security.PublicKey key = io.smallrye.jwt.util.KeyUtils.readPublicKey(TestTokens.PUBLIC_KEY_RESOURCE);
            org.jose4j.jwk.RsaJsonWebKey jwk = new org.jose4j.jwk.RsaJsonWebKey((java.security.interfaces.RSAPublicKey) key);
            jwk.setAlgorithm("RS256");
            jwk.setUse("sig");
            jwk.setKeyId("test"); // the kid TestTokens signs with
            return new org.jose4j.jwk.JsonWebKeySet(jwk).toJson();
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
