package io.recoverysync.ehr;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.testsupport.PostgresResource;
import org.junit.jupiter.api.Test;

/** The skeleton boots, migrates its schema and reports an empty queue. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class EhrSkeletonTest {

    @Test
    void migratesAndReportsEmptyQueue() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/api/ehr/queue").then().statusCode(200)
                .body("pending", equalTo(0)).body("failed", equalTo(0));
    }
}
