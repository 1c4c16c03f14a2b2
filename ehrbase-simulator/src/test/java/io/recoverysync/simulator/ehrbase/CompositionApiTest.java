package io.recoverysync.simulator.ehrbase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** FLAT compositions: create, client uids, validation answers and versioned updates, as observed on EHRbase 2.16+. */
class CompositionApiTest extends WithSimulator {
    private String ehrId;

    @BeforeEach
    void withTemplateAndEhr() {
        assertEquals(201, http.uploadTemplate().statusCode());
        ehrId = http.createEhr(UUID.randomUUID().toString());
    }

    private HttpResponse<String> post(String flatJson) {
        return http.postJson("/ehr/" + ehrId + "/composition?" + SimHttp.TEMPLATE_QUERY, flatJson);
    }

    private static Map<String, String> with(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void minimalPostIs204WithVersionUidEtagAndBareLocation() {
        HttpResponse<String> r = post(SimHttp.soapFlat(Map.of()));
        assertEquals(204, r.statusCode());
        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertTrue(etag.matches("\"[0-9a-f-]{36}::local\\.ehrbase\\.org::1\""), etag);
        String uuid = etag.substring(1, 37);
        assertEquals(sim.baseUrl() + "/ehr/" + ehrId + "/composition/" + uuid, r.headers().firstValue("Location").orElseThrow());
        SimComposition stored = sim.composition(uuid).orElseThrow();
        assertEquals("Plan text", stored.latest().value("clinical_notes/clinical_synopsis:3/notes"));
        assertEquals("Assessment", stored.latest().value("clinical_notes/clinical_synopsis:2/_name|value"));
        assertEquals("433", stored.latest().value("clinical_notes/category|code"));
        assertEquals("2026-01-01T10:00:00Z", stored.latest().value("clinical_notes/context/start_time"));

        HttpResponse<String> represented = http.send(http.request("/ehr/" + ehrId + "/composition?" + SimHttp.TEMPLATE_QUERY)
                .header("Content-Type", "application/json").header("Prefer", "return=representation")
                .POST(HttpRequest.BodyPublishers.ofString(SimHttp.soapFlat(Map.of()))));
        assertEquals(201, represented.statusCode());
        assertTrue(SimHttp.json(represented).get("clinical_notes/_uid").asText().endsWith("::local.ehrbase.org::1"));
    }

    @Test
    void structuralProblemsAre400AndConstraintViolations422() {
        HttpResponse<String> noComposer = post(SimHttp.soapFlat(with("ctx/composer_name", null)));
        assertEquals(400, noComposer.statusCode());
        assertEquals("Composition missing mandatory attribute: composer", SimHttp.json(noComposer).get("message").asText());

        HttpResponse<String> bogus = post(SimHttp.soapFlat(with("clinical_notes/clinical_synopsis:0/bogus", "x")));
        assertEquals(400, bogus.statusCode());
        assertEquals("Could not consume Parts [clinical_notes/clinical_synopsis:0/bogus]",
                SimHttp.json(bogus).get("message").asText());

        HttpResponse<String> badDate = post(SimHttp.soapFlat(with("ctx/time", "yesterday")));
        assertEquals(400, badDate.statusCode());
        assertEquals("Text 'yesterday' could not be parsed at index 0:yesterday", SimHttp.json(badDate).get("message").asText());

        HttpResponse<String> noNotes = post(SimHttp.json(Map.of("ctx/language", "en", "ctx/territory", "US",
                "ctx/composer_name", "Dr Jane Smith", "clinical_notes/clinical_synopsis:0/_name|value", "Subjective")));
        assertEquals(422, noNotes.statusCode());
        assertEquals("Unprocessable Entity", SimHttp.json(noNotes).get("error").asText());
        assertEquals("/content[openEHR-EHR-EVALUATION.clinical_synopsis.v1, 1]/data: Attribute data of class EVALUATION"
                + " does not match existence 1..1", SimHttp.json(noNotes).get("message").asText());

        HttpResponse<String> category = post(SimHttp.soapFlat(with("clinical_notes/category|code", "431")));
        assertEquals(422, category.statusCode());
        assertEquals("/category: CodePhrase codeString does not match any option, found: 431",
                SimHttp.json(category).get("message").asText());

        assertEquals(500, post(SimHttp.soapFlat(with("ctx/territory", "ZZ"))).statusCode());
        assertEquals(400, post("{not json").statusCode());
        assertEquals(0, sim.compositions().size());
    }

    @Test
    void templateAndEhrMustExist() {
        HttpResponse<String> unknownTemplate = http.postJson("/ehr/" + ehrId + "/composition?format=FLAT&templateId=nope.v1",
                SimHttp.soapFlat(Map.of()));
        assertEquals(400, unknownTemplate.statusCode());
        assertEquals("Could not retrieve template for template Id: nope.v1", SimHttp.json(unknownTemplate).get("message").asText());
        assertEquals(500, http.postJson("/ehr/" + ehrId + "/composition?format=FLAT", SimHttp.soapFlat(Map.of())).statusCode());
        String otherEhr = UUID.randomUUID().toString();
        HttpResponse<String> noEhr = http.postJson("/ehr/" + otherEhr + "/composition?" + SimHttp.TEMPLATE_QUERY,
                SimHttp.soapFlat(Map.of()));
        assertEquals(404, noEhr.statusCode());
        assertEquals("EHR with id " + otherEhr + " not found", SimHttp.json(noEhr).get("message").asText());
    }

    @Test
    void clientSuppliedUidMakesRetriesSafe() {
        String uuid = UUID.randomUUID().toString();
        String uid = uuid + "::local.ehrbase.org::1";
        HttpResponse<String> first = post(SimHttp.soapFlat(with("clinical_notes/_uid", uid)));
        assertEquals(204, first.statusCode());
        assertEquals("\"" + uid + "\"", first.headers().firstValue("ETag").orElseThrow());

        HttpResponse<String> retry = post(SimHttp.soapFlat(with("clinical_notes/_uid", uid)));
        assertEquals(412, retry.statusCode());
        assertEquals("Provided Id " + uid + " already exists", SimHttp.json(retry).get("message").asText());

        HttpResponse<String> foreign = post(SimHttp.soapFlat(with("clinical_notes/_uid", UUID.randomUUID() + "::other.org::1")));
        assertEquals(412, foreign.statusCode());
        assertTrue(SimHttp.json(foreign).get("message").asText().startsWith("Mismatch of creating_system_id"));
        assertEquals(412, post(SimHttp.soapFlat(with("clinical_notes/_uid", UUID.randomUUID() + "::local.ehrbase.org::2")))
                .statusCode());
        assertEquals(1, sim.compositions().size());
    }

    @Test
    void updateNeedsTheLatestVersionUnquotedInIfMatch() {
        String uuid = UUID.randomUUID().toString();
        String v1 = uuid + "::local.ehrbase.org::1";
        assertEquals(204, post(SimHttp.soapFlat(with("clinical_notes/_uid", v1))).statusCode());
        String path = "/ehr/" + ehrId + "/composition/" + uuid + "?" + SimHttp.TEMPLATE_QUERY;
        String revised = SimHttp.soapFlat(with("clinical_notes/clinical_synopsis:3/notes", "Plan, revised"));

        HttpResponse<String> quoted = http.putJson(path, revised, "\"" + v1 + "\"");
        assertEquals(400, quoted.statusCode());
        assertEquals("UUID string too large", SimHttp.json(quoted).get("message").asText());
        assertEquals(400, http.putJson(path, revised, null).statusCode());

        HttpResponse<String> updated = http.putJson(path, revised, v1);
        assertEquals(204, updated.statusCode());
        assertEquals("\"" + uuid + "::local.ehrbase.org::2\"", updated.headers().firstValue("ETag").orElseThrow());
        assertEquals(sim.baseUrl() + "/ehr/" + ehrId + "/composition/" + uuid, updated.headers().firstValue("Location").orElseThrow());

        HttpResponse<String> stale = http.putJson(path, revised, v1);
        assertEquals(412, stale.statusCode());
        assertEquals("If-Match version_uid does not match latest version", SimHttp.json(stale).get("message").asText());
        assertEquals("\"" + uuid + "::local.ehrbase.org::2\"", stale.headers().firstValue("ETag").orElseThrow());

        HttpResponse<String> unknown = http.putJson("/ehr/" + ehrId + "/composition/" + UUID.randomUUID() + "?"
                + SimHttp.TEMPLATE_QUERY, revised, v1);
        assertEquals(404, unknown.statusCode());
        assertEquals("", unknown.body());

        HttpResponse<String> latest = http.get("/ehr/" + ehrId + "/composition/" + uuid + "?format=FLAT");
        assertEquals(200, latest.statusCode());
        assertEquals("Plan, revised", SimHttp.json(latest).get("clinical_notes/clinical_synopsis:3/notes").asText());
        assertEquals(uuid + "::local.ehrbase.org::2", SimHttp.json(latest).get("clinical_notes/_uid").asText());
        HttpResponse<String> first = http.get("/ehr/" + ehrId + "/composition/" + v1 + "?format=FLAT");
        assertEquals("Plan text", SimHttp.json(first).get("clinical_notes/clinical_synopsis:3/notes").asText());
        assertEquals(2, sim.composition(uuid).orElseThrow().versions().size());
    }
}
