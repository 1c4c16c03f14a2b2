package io.recoverysync.ehr;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.TestTokens;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The token verification set-up is checked (service-kit's {@code TokenKeyReadiness} and {@code ProblemChallenge}):
 * with {@code JWT_PUBLIC_KEY_LOCATION} at a path that is no file (as {@code /jwt-public.pem} in a container without
 * it) the service is not ready, naming the key, and every token — a garbage one, and one that would be valid — is a
 * 401 problem, never a 500.
 */
@QuarkusTest
@TestProfile(TokenKeyTest.MissingKeyFile.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(EhrbaseSimulatorResource.class)
class TokenKeyTest {

    /** The key location of the incident: an absolute path with nothing there. */
    public static class MissingKeyFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.jwt.verify.publickey.location", "/jwt-public.pem");
        }
    }

    @Test
    void aKeyThatCannotBeLoadedMakesTheServiceNotReadyAndEveryToken401() {
        given().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.findAll { it.name == 'Token verification key' }.status", hasItem("DOWN"))
                .body("checks.findAll { it.name == 'Token verification key' }.data.location", hasItem("/jwt-public.pem"));

        for (String token : new String[] {"garbage", "a.b.c", TestTokens.DEFAULT.ops()}) {
            given().auth().oauth2(token).get("/api/ehr/queue").then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"));
        }
        given().get("/api/ehr/queue").then().statusCode(401).contentType("application/problem+json");
    }
}
