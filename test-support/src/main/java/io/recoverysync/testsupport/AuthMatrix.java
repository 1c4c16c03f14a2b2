package io.recoverysync.testsupport;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The endpoint × caller matrix of issue 6: every endpoint is called as each {@link Who} and must answer the
 * expected status, with a problem+json body whenever it refuses. All mismatches are reported together.
 */
public final class AuthMatrix {
    /** The callers of the matrix. */
    public enum Who {
        NO_TOKEN, EXPIRED_TOKEN, OTHER_ORG, OWN_ORG, OPS
    }

    /** One endpoint: method, path (already filled in with ids of the own organization) and an optional JSON body. */
    public record Endpoint(String method, String path, String body) {
        public static Endpoint get(String path) {
            return new Endpoint("GET", path, null);
        }

        public static Endpoint post(String path) {
            return new Endpoint("POST", path, null);
        }

        public static Endpoint post(String path, String body) {
            return new Endpoint("POST", path, body);
        }

        public static Endpoint put(String path, String body) {
            return new Endpoint("PUT", path, body);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private final TestTokens tokens;
    private final UUID ownOrganization;
    private final UUID otherOrganization;
    private final List<String> ownRoles;
    private final List<Row> rows = new ArrayList<>();

    private record Row(Endpoint endpoint, Map<Who, Integer> expected) {
    }

    /**
     * @param ownRoles the roles of the own-organization caller ({@code partner}, or {@code clinician} for note intake)
     */
    public AuthMatrix(TestTokens tokens, UUID ownOrganization, UUID otherOrganization, List<String> ownRoles) {
        this.tokens = tokens;
        this.ownOrganization = ownOrganization;
        this.otherOrganization = otherOrganization;
        this.ownRoles = ownRoles;
    }

    /** Expected statuses in the order NO_TOKEN, EXPIRED_TOKEN, OTHER_ORG, OWN_ORG, OPS. */
    public AuthMatrix expect(Endpoint endpoint, int noToken, int expired, int otherOrg, int ownOrg, int ops) {
        Map<Who, Integer> expected = new EnumMap<>(Who.class);
        expected.put(Who.NO_TOKEN, noToken);
        expected.put(Who.EXPIRED_TOKEN, expired);
        expected.put(Who.OTHER_ORG, otherOrg);
        expected.put(Who.OWN_ORG, ownOrg);
        expected.put(Who.OPS, ops);
        rows.add(new Row(endpoint, expected));
        return this;
    }

    /** Runs every row; throws an AssertionError listing each cell that differed. */
    public void verify() {
        List<String> failures = new ArrayList<>();
        for (Row row : rows) {
            for (Map.Entry<Who, Integer> cell : row.expected().entrySet()) {
                Response response = call(row.endpoint(), cell.getKey());
                int status = response.statusCode();
                String body = response.asString();
                if (status != cell.getValue()) {
                    failures.add(row.endpoint() + " as " + cell.getKey() + ": expected " + cell.getValue() + ", got "
                            + status + " " + abbreviate(body));
                } else if (status >= 400 && !String.valueOf(response.contentType()).startsWith("application/problem+json")) {
                    failures.add(row.endpoint() + " as " + cell.getKey() + ": " + status + " without problem+json ("
                            + response.contentType() + ")");
                } else if (status == 401 && response.header("WWW-Authenticate") == null) {
                    failures.add(row.endpoint() + " as " + cell.getKey() + ": 401 without a WWW-Authenticate challenge");
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " cells of the auth matrix differ:\n  " + String.join("\n  ", failures));
        }
    }

    private Response call(Endpoint endpoint, Who who) {
        RequestSpecification request = given().redirects().follow(false);
        String token = switch (who) {
            case NO_TOKEN -> null;
            case EXPIRED_TOKEN -> tokens.expired(ownOrganization);
            case OTHER_ORG -> tokens.token(otherOrganization, java.util.Set.copyOf(ownRoles), java.time.Duration.ofMinutes(10));
            case OWN_ORG -> tokens.token(ownOrganization, java.util.Set.copyOf(ownRoles), java.time.Duration.ofMinutes(10));
            case OPS -> tokens.ops();
        };
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (endpoint.body() != null) {
            request.contentType("application/json").body(endpoint.body());
        }
        return request.request(endpoint.method(), endpoint.path());
    }

    private static String abbreviate(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }
}
