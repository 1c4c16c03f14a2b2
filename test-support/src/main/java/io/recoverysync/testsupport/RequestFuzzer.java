package io.recoverysync.testsupport;

import static io.restassured.RestAssured.given;

import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Generates bad requests (malformed path and query values, broken or mistyped JSON bodies) against an endpoint
 * and collects every answer that is a 5xx, or a 4xx that is not {@code application/problem+json} or shows
 * internals. A mutation that happens to stay valid may be accepted; {@link #refused()} counts the 4xx answers.
 * Seeded, so a failure can be replayed.
 */
public final class RequestFuzzer {
    /** Values that have broken parsers before: not ids, not numbers, too long, control characters, injections. */
    private static final List<String> BAD_VALUES = List.of(
            "", " ", "null", "undefined", "0", "-1", "2147483648", "99999999999999999999", "1e309", "NaN", "true",
            "not-a-uuid", "00000000-0000-0000-0000-00000000000g", "00000000-0000-0000-0000-0000000000000",
            "{}", "[]", "'; DROP TABLE sync_logs; --", "<script>alert(1)</script>", "../../etc/passwd", "%00", "%",
            "%ZZ", "\u0000", "\uD83D\uDE00", "ä", "a".repeat(5000), "1 OR 1=1", "${jndi:ldap://x/a}", "%s%s%s%n");

    private final Random random;
    private final String token;
    private final List<String> failures = new ArrayList<>();
    private int requests;
    private int refused;

    public RequestFuzzer(long seed, String token) {
        this.random = new Random(seed);
        this.token = token;
    }

    /** Sends {@code path.apply(badValue)} for each bad value (URL-encoded into the path or query by the caller). */
    public RequestFuzzer paths(String method, Function<String, String> path) {
        for (String value : BAD_VALUES) {
            send(method, path.apply(encode(value)), null, null);
        }
        return this;
    }

    /**
     * Sends {@code count} broken variants of {@code validBody} (a JSON object): syntax errors, wrong types,
     * nulls, missing and unknown fields, huge strings, deep nesting and non-object documents.
     */
    public RequestFuzzer bodies(String method, String path, String validBody, int count) {
        for (int i = 0; i < count; i++) {
            send(method, path, mutate(validBody), "application/json");
        }
        send(method, path, validBody, "text/plain");
        send(method, path, "", "application/json");
        return this;
    }

    /**
     * Sends {@code validBody} with each of {@code idFields} (top-level fields holding a UUID) replaced by ids nobody
     * granted the caller, {@code perField} random ones each: every such request must be refused with a 4xx problem
     * (an accepted one is a tenancy failure).
     */
    public RequestFuzzer foreignIds(String method, String path, String validBody, List<String> idFields, int perField) {
        for (String field : idFields) {
            for (int i = 0; i < perField; i++) {
                String id = new java.util.UUID(random.nextLong(), random.nextLong()).toString();
                String body = validBody.replaceFirst("\"" + java.util.regex.Pattern.quote(field) + "\"\\s*:\\s*\"[0-9a-fA-F-]{36}\"",
                        java.util.regex.Matcher.quoteReplacement("\"" + field + "\": \"" + id + "\""));
                if (body.equals(validBody)) {
                    throw new IllegalArgumentException("no UUID field " + field + " in " + abbreviate(validBody));
                }
                int before = failures.size();
                int refusedBefore = refused;
                send(method, path, body, "application/json");
                if (refused == refusedBefore && failures.size() == before) {
                    failures.add(method + " " + abbreviate(path) + " with a foreign " + field + " was accepted");
                }
            }
        }
        return this;
    }

    /**
     * For an endpoint that types its body strictly: {@code validBody} (a JSON object) with each field, top-level and
     * one level down, replaced by values of every other JSON type (a string by an object, an array, a number and a
     * boolean; a number by a string holding it, a fraction, an object, an array; an object by a string and an array),
     * and with an unknown field added: every one must be refused with a 4xx problem; an accepted one is a failure.
     */
    public RequestFuzzer strictFields(String method, String path, String validBody) {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode valid;
        try {
            valid = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(validBody);
        } catch (java.io.IOException | ClassCastException e) {
            throw new IllegalArgumentException("not a JSON object: " + abbreviate(validBody), e);
        }
        List<String[]> variants = new ArrayList<>();
        collectRetyped(mapper, valid, valid, "", variants);
        com.fasterxml.jackson.databind.node.ObjectNode unknown = valid.deepCopy();
        unknown.put("unexpectedField", 1);
        variants.add(new String[] {"unexpectedField", unknown.toString()});
        for (String[] variant : variants) {
            int refusedBefore = refused;
            int before = failures.size();
            send(method, path, variant[1], "application/json");
            if (refused == refusedBefore && failures.size() == before) {
                failures.add(method + " " + abbreviate(path) + " accepted " + variant[0] + ": " + abbreviate(variant[1]));
            }
        }
        return this;
    }

    private static void collectRetyped(com.fasterxml.jackson.databind.ObjectMapper mapper,
            com.fasterxml.jackson.databind.node.ObjectNode root, com.fasterxml.jackson.databind.node.ObjectNode node,
            String prefix, List<String[]> variants) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            com.fasterxml.jackson.databind.JsonNode value = node.get(name);
            List<com.fasterxml.jackson.databind.JsonNode> wrong = new ArrayList<>();
            com.fasterxml.jackson.databind.node.ObjectNode object = mapper.createObjectNode().put("a", 1);
            com.fasterxml.jackson.databind.node.ArrayNode array = mapper.createArrayNode().add(value.isTextual() ? value.asText() : "x");
            if (value.isTextual()) {
                wrong.addAll(List.of(object, array, mapper.getNodeFactory().numberNode(1), mapper.getNodeFactory().booleanNode(true)));
            } else if (value.isIntegralNumber()) {
                wrong.addAll(List.of(mapper.getNodeFactory().textNode(value.asText()), mapper.getNodeFactory().numberNode(1.5),
                        object, array));
            } else if (value.isObject()) {
                wrong.addAll(List.of(mapper.getNodeFactory().textNode("x"), array));
                collectRetyped(mapper, root, (com.fasterxml.jackson.databind.node.ObjectNode) value, prefix + name + ".", variants);
            }
            for (com.fasterxml.jackson.databind.JsonNode w : wrong) {
                node.set(name, w);
                variants.add(new String[] {prefix + name + " as " + w.getNodeType().name().toLowerCase(java.util.Locale.ROOT),
                        root.toString()});
            }
            node.set(name, value);
        }
    }

    /** Throws an AssertionError listing every answer that was a 5xx, not problem+json, or leaked internals. */
    public void verify() {
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " of " + requests + " fuzzed requests were answered badly:\n  "
                    + String.join("\n  ", failures.subList(0, Math.min(30, failures.size()))));
        }
    }

    public int requests() {
        return requests;
    }

    /** How many requests were refused with a 4xx. */
    public int refused() {
        return refused;
    }

    private void send(String method, String path, String body, String contentType) {
        requests++;
        RequestSpecification request = given().urlEncodingEnabled(false).redirects().follow(false)
                .config(RestAssuredConfig.config().encoderConfig(
                        EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.contentType(contentType).body(body.getBytes(StandardCharsets.UTF_8));
        }
        Response response;
        try {
            response = request.request(method, path);
        } catch (RuntimeException e) {
            // a path the HTTP client itself refuses to send is not the server's fault
            return;
        }
        int status = response.statusCode();
        String text = response.asString();
        String what = method + " " + abbreviate(path) + (body == null ? "" : " body=" + abbreviate(body));
        if (status < 400) {
            // a mutation can happen to be valid (an optional field dropped): accepted, but not counted as refused
            if (status >= 300) {
                failures.add(what + " -> " + status + " " + abbreviate(text));
            }
            return;
        }
        refused++;
        if (status >= 500) {
            failures.add(what + " -> " + status + " " + abbreviate(text));
        } else if ((status == 414 || status == 431) && text.isEmpty()) {
            // refused by the HTTP codec (request line or headers too long) before any application code runs
            return;
        } else if (!String.valueOf(response.contentType()).startsWith("application/problem+json")) {
            failures.add(what + " -> " + status + " not problem+json: " + response.contentType());
        } else if (text.contains("Exception") || text.contains("\tat ") || text.matches("(?s).*\\bio\\.(quarkus|vertx|recoverysync)\\..*")) {
            failures.add(what + " -> " + status + " leaks internals: " + abbreviate(text));
        }
    }

    private String mutate(String valid) {
        return switch (random.nextInt(10)) {
            case 0 -> valid.substring(0, random.nextInt(Math.max(1, valid.length())));           // truncated
            case 1 -> valid.replaceFirst("\"([^\"]+)\"\\s*:\\s*[^,}]+", "\"$1\": " + randomValue()); // a field retyped
            case 2 -> replaceRandomValue(valid, randomValue());                                 // another field retyped
            case 3 -> valid.replaceFirst("\"[^\"]+\"\\s*:\\s*(\"[^\"]*\"|[^,{}\\[\\]]+)\\s*,?", "");   // a field dropped
            case 4 -> "[" + valid + "]";                                                         // not an object
            case 5 -> "{\"a\":".repeat(2000) + "1" + "}".repeat(2000);                           // deep nesting
            case 6 -> replaceRandomValue(valid, "\"" + "x".repeat(20_000 + random.nextInt(5000)) + "\"");
            case 7 -> valid.replace("{", "{\"unexpected\": {\"nested\": [1, 2, 3]}, ").replaceAll(":\\s*\"[0-9a-f-]{36}\"", ": null");
            case 8 -> randomBytes();
            default -> replaceRandomValue(valid, BAD_VALUES_AS_JSON.get(random.nextInt(BAD_VALUES_AS_JSON.size())));
        };
    }

    private static final List<String> BAD_VALUES_AS_JSON = List.of("null", "-1", "0", "1e400", "\"\"", "\"not-a-uuid\"",
            "[]", "{}", "true", "\"2026-13-45T99:99:99Z\"", "\"\\u0000\"", "99999999999999999999999");

    private String randomValue() {
        return BAD_VALUES_AS_JSON.get(random.nextInt(BAD_VALUES_AS_JSON.size()));
    }

    /** Replaces the value of one randomly chosen top-level-looking field. */
    private String replaceRandomValue(String json, String value) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]+)\"\\s*:\\s*(\"[^\"]*\"|-?[0-9.eE+]+|true|false|null)").matcher(json);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(2), m.end(2)});
        }
        if (spans.isEmpty()) {
            return json + value;
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        return json.substring(0, span[0]) + value + json.substring(span[1]);
    }

    private String randomBytes() {
        StringBuilder out = new StringBuilder();
        int length = 1 + random.nextInt(200);
        for (int i = 0; i < length; i++) {
            out.append((char) (0x20 + random.nextInt(0x5f)));
        }
        return out.toString();
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "…" : oneLine;
    }
}
