package io.recoverysync.scheduler;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.servicekit.Caller;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.TestTokens;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import org.junit.jupiter.api.Test;

/**
 * Calendar feeds over HTTP: a partner makes one and gets its secret URL once, the URL serves iCalendar without a
 * token, a revoked or unknown secret is 404, and feeds are seen and revoked only by their holder, the organization's
 * admin or ops. (With appointments behind it, the feed is checked end to end in local-stack's BackboneIT.)
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
class CalendarFeedTest {
    private static final TestTokens TOKENS = TestTokens.DEFAULT;

    @Inject
    Pool pool;

    @Test
    void aPartnersFeedServesICalendarUntilRevoked() throws Exception {
        UUID org = SchedulerTestSupport.organization(pool, "Calendar Center");
        String partner = TOKENS.partner(org);
        String url = given().auth().oauth2(partner).contentType("application/json").body("{\"label\": \"Front desk\"}")
                .post("/api/calendar/feeds")
                .then().statusCode(201).body("organizationId", equalTo(org.toString())).body("label", equalTo("Front desk"))
                .body("url", notNullValue()).extract().path("url");
        String path = URI.create(url).getPath();
        assertTrue(path.matches("/api/calendar/[A-Za-z0-9_-]{43}/appointments\\.ics"), path);
        assertEquals(0L, count("SELECT count(*) FROM scheduler.calendar_feeds WHERE position($1 in encode(token_hash, 'escape')) > 0",
                path.split("/")[3]), "the secret itself is not stored");

        // no active patients: nothing to ask appointment-sync; the feed is a valid, empty calendar
        String text = given().get(path).then().statusCode(200).contentType(startsWith("text/calendar"))
                .header("Cache-Control", "private, max-age=300").extract().asString();
        Calendar calendar = new CalendarBuilder().build(new StringReader(text));
        assertEquals(0, calendar.getComponents(Component.VEVENT).size());
        assertTrue(text.contains("X-WR-CALNAME:Calendar Center appointments"), text);

        // with patients, appointments come from appointment-sync; not running beside this test: 503 with Retry-After
        SchedulerTestSupport.patients(pool, org, 1);
        given().get(path).then().statusCode(503).contentType("application/problem+json").header("Retry-After", "60");

        UUID feedId = UUID.fromString(given().auth().oauth2(partner).get("/api/calendar/feeds")
                .then().statusCode(200).body("$", hasSize(1)).body("[0].label", equalTo("Front desk"))
                .body("[0].lastFetchedAt", notNullValue()).extract().path("[0].id"));
        // another organization's partner and a colleague see nothing and cannot revoke it
        given().auth().oauth2(TOKENS.partner(UUID.randomUUID())).delete("/api/calendar/feeds/" + feedId)
                .then().statusCode(404).contentType("application/problem+json");
        String colleague = TOKENS.partner(org); // another subject of the same organization
        given().auth().oauth2(colleague).get("/api/calendar/feeds").then().statusCode(200).body("$", hasSize(0));
        given().auth().oauth2(colleague).delete("/api/calendar/feeds/" + feedId).then().statusCode(404);
        // the organization's admin sees every feed of the organization; ops names the organization
        given().auth().oauth2(TOKENS.token(org, Set.of(Caller.ORG_ADMIN), Duration.ofMinutes(5))).get("/api/calendar/feeds")
                .then().statusCode(200).body("id", hasItem(feedId.toString()));
        given().auth().oauth2(TOKENS.ops()).get("/api/calendar/feeds").then().statusCode(400);
        given().auth().oauth2(TOKENS.ops()).get("/api/calendar/feeds?organizationId=" + org)
                .then().statusCode(200).body("id", hasItem(feedId.toString()));

        given().auth().oauth2(partner).delete("/api/calendar/feeds/" + feedId).then().statusCode(204);
        given().get(path).then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(partner).get("/api/calendar/feeds").then().statusCode(200).body("[0].revokedAt", notNullValue());
    }

    @Test
    void badSecretsAndBodiesAreProblems() {
        UUID org = SchedulerTestSupport.organization(pool, "Calendar Bad Input");
        for (String bad : new String[] {"x", "A".repeat(42), "A".repeat(44), "A".repeat(42) + "%2F"}) {
            given().urlEncodingEnabled(false).get("/api/calendar/" + bad + "/appointments.ics")
                    .then().statusCode(404).contentType("application/problem+json");
        }
        given().auth().oauth2(TOKENS.partner(org)).contentType("application/json").body("{\"label\": \"" + "x".repeat(101) + "\"}")
                .post("/api/calendar/feeds").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("label"));
        given().auth().oauth2(TOKENS.partner(UUID.randomUUID())).contentType("application/json").body("{}")
                .post("/api/calendar/feeds").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TOKENS.ops()).contentType("application/json").body("{}")
                .post("/api/calendar/feeds").then().statusCode(403);
        given().contentType("application/json").body("{}").post("/api/calendar/feeds").then().statusCode(401);
        given().auth().oauth2(TOKENS.partner(org)).delete("/api/calendar/feeds/not-a-uuid").then().statusCode(404)
                .body("detail", not(equalTo(null)));
    }

    private long count(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely().iterator().next().getLong(0);
    }
}
