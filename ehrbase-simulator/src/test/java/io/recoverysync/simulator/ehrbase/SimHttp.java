package io.recoverysync.simulator.ehrbase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test helper: a plain JDK HTTP client speaking to a running simulator with its credentials. */
final class SimHttp {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String TEMPLATE_ID = "RIPPLE - Clinical Notes.v1";
    static final String TEMPLATE_QUERY = "format=FLAT&templateId=RIPPLE%20-%20Clinical%20Notes.v1";
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final EhrbaseSimulator sim;

    SimHttp(EhrbaseSimulator sim) {
        this.sim = sim;
    }

    HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery)).timeout(Duration.ofSeconds(10));
        if (sim.username() != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (sim.username() + ":" + sim.password()).getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }

    HttpResponse<String> get(String pathAndQuery) {
        return send(request(pathAndQuery).GET());
    }

    HttpResponse<String> postJson(String pathAndQuery, String json) {
        return send(request(pathAndQuery).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> putJson(String pathAndQuery, String json, String ifMatch) {
        HttpRequest.Builder b = request(pathAndQuery).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json));
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        return send(b);
    }

    /** Uploads the Ripple template as EHRbase wants it (XML in, XML accepted). */
    HttpResponse<String> uploadTemplate() {
        return send(request("/definition/template/adl1.4").header("Content-Type", "application/xml")
                .header("Accept", "application/xml").POST(HttpRequest.BodyPublishers.ofString(opt())));
    }

    /** Creates an EHR for {@code subjectId} in namespace {@code test} and returns its id. */
    String createEhr(String subjectId) {
        HttpResponse<String> r = postJson("/ehr", ehrStatus(subjectId, "test"));
        if (r.statusCode() != 201) {
            throw new AssertionError("EHR create answered " + r.statusCode() + " " + r.body());
        }
        String etag = r.headers().firstValue("ETag").orElseThrow();
        return etag.substring(1, etag.length() - 1);
    }

    static String ehrStatus(String subjectId, String namespace) {
        return """
                {"_type":"EHR_STATUS","archetype_node_id":"openEHR-EHR-EHR_STATUS.generic.v1","name":{"value":"EHR Status"},
                 "subject":{"_type":"PARTY_SELF","external_ref":{"id":{"_type":"GENERIC_ID","value":"%s","scheme":"%s"},
                 "namespace":"%s","type":"PERSON"}},"is_modifiable":true,"is_queryable":true}"""
                .formatted(subjectId, namespace, namespace);
    }

    /** The reference's four-section SOAP note in FLAT form, plus {@code extra} entries. */
    static String soapFlat(Map<String, String> extra) {
        Map<String, String> flat = new LinkedHashMap<>();
        flat.put("ctx/language", "en");
        flat.put("ctx/territory", "US");
        flat.put("ctx/composer_name", "Dr Jane Smith");
        flat.put("ctx/time", "2026-01-01T10:00:00Z");
        String[] names = {"Subjective", "Objective", "Assessment", "Plan"};
        for (int i = 0; i < names.length; i++) {
            flat.put("clinical_notes/clinical_synopsis:" + i + "/_name|value", names[i]);
            flat.put("clinical_notes/clinical_synopsis:" + i + "/notes", names[i] + " text");
        }
        flat.putAll(extra);
        flat.values().removeIf(v -> v == null);
        return json(flat);
    }

    static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    static String opt() {
        try {
            return Files.readString(Path.of("src/test/resources/RIPPLE - Clinical Notes.v1.opt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            return CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
