package io.recoverysync.simulator.ehrbase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Auth, EHR and template endpoints answer as the reference's transcripts of a real EHRbase show. */
class EhrAndTemplateApiTest extends WithSimulator {

    @Test
    void missingOrWrongCredentialsGetSpringsBasicChallenge() {
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(java.net.URI.create(sim.baseUrl() + "/ehr")).GET());
        assertEquals(401, none.statusCode());
        assertEquals("Basic realm=\"Realm\"", none.headers().firstValue("WWW-Authenticate").orElse(null));
        JsonNode body = SimHttp.json(none);
        assertEquals(401, body.get("status").asInt());
        assertEquals("Unauthorized", body.get("error").asText());
        assertEquals("/ehrbase/rest/openehr/v1/ehr", body.get("path").asText());

        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(java.net.URI.create(sim.baseUrl() + "/ehr"))
                .header("Authorization", "Basic ZWhyYmFzZS11c2VyOndyb25n").GET());
        assertEquals(401, wrong.statusCode());
        assertEquals(2, sim.answered(401));
    }

    @Test
    void ehrIsCreatedOncePerSubjectAndFoundBySubject() {
        HttpResponse<String> created = http.postJson("/ehr", SimHttp.ehrStatus("4711", "intakeq"));
        assertEquals(201, created.statusCode());
        assertEquals("", created.body());
        String etag = created.headers().firstValue("ETag").orElseThrow();
        String ehrId = etag.substring(1, etag.length() - 1);
        assertTrue(etag.startsWith("\"") && etag.endsWith("\""), etag);
        assertEquals(sim.baseUrl() + "/ehr/" + ehrId, created.headers().firstValue("Location").orElseThrow());

        HttpResponse<String> duplicate = http.postJson("/ehr", SimHttp.ehrStatus("4711", "intakeq"));
        assertEquals(409, duplicate.statusCode());
        assertEquals("Conflict", SimHttp.json(duplicate).get("error").asText());
        assertEquals("Supplied partyId[4711] is used by a different EHR in the same partyNamespace[intakeq].",
                SimHttp.json(duplicate).get("message").asText());

        HttpResponse<String> found = http.get("/ehr?subject_id=4711&subject_namespace=intakeq");
        assertEquals(200, found.statusCode());
        assertEquals(ehrId, SimHttp.json(found).at("/ehr_id/value").asText());
        assertEquals("local.ehrbase.org", SimHttp.json(found).at("/system_id/value").asText());

        HttpResponse<String> missing = http.get("/ehr?subject_id=4712&subject_namespace=intakeq");
        assertEquals(404, missing.statusCode());
        assertEquals("No EHR with supplied subject parameters found", SimHttp.json(missing).get("message").asText());
        assertEquals(400, http.get("/ehr?subject_id=4711").statusCode());

        HttpResponse<String> byId = http.get("/ehr/" + ehrId);
        assertEquals(200, byId.statusCode());
        HttpResponse<String> unknown = http.get("/ehr/" + UUID.randomUUID());
        assertEquals(404, unknown.statusCode());
        assertTrue(SimHttp.json(unknown).get("message").asText().startsWith("No EHR found with given ID: "));
    }

    @Test
    void ehrBodyRulesAndRepresentation() {
        HttpResponse<String> noNode = http.postJson("/ehr", "{\"_type\":\"EHR_STATUS\",\"name\":{\"value\":\"x\"}}");
        assertEquals(400, noNode.statusCode());
        assertEquals("Missing required creator property 'archetype_node_id'", SimHttp.json(noNode).get("message").asText());
        assertEquals(400, http.postJson("/ehr", SimHttp.ehrStatus("1", "1bad")).statusCode());

        HttpResponse<String> represented = http.send(http.request("/ehr").header("Content-Type", "application/json")
                .header("Prefer", "return=representation").POST(HttpRequest.BodyPublishers.ofString(SimHttp.ehrStatus("9", "x"))));
        assertEquals(201, represented.statusCode());
        assertTrue(SimHttp.json(represented).at("/ehr_id/value").asText().length() == 36);

        HttpResponse<String> bare = http.send(http.request("/ehr").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(201, bare.statusCode());
    }

    @Test
    void ehrWithClientChosenId() {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> created = http.putJson("/ehr/" + id, SimHttp.ehrStatus("p-1", "recoverysync"), null);
        assertEquals(201, created.statusCode());
        assertEquals("\"" + id + "\"", created.headers().firstValue("ETag").orElseThrow());

        HttpResponse<String> again = http.putJson("/ehr/" + id, SimHttp.ehrStatus("p-1", "recoverysync"), null);
        assertEquals(409, again.statusCode());
        assertEquals("EHR with id " + id + " already exists.", SimHttp.json(again).get("message").asText());

        HttpResponse<String> otherIdSameSubject = http.putJson("/ehr/" + UUID.randomUUID(),
                SimHttp.ehrStatus("p-1", "recoverysync"), null);
        assertEquals(409, otherIdSameSubject.statusCode());

        HttpResponse<String> notUuid = http.putJson("/ehr/not-a-uuid", SimHttp.ehrStatus("p-2", "recoverysync"), null);
        assertEquals(400, notUuid.statusCode());
        assertEquals("EHR ID format not a UUID", SimHttp.json(notUuid).get("message").asText());
        assertEquals(1, sim.ehrs().size());
    }

    @Test
    void templateUploadIsXmlOnlyAndOnce() {
        HttpResponse<String> jsonAccept = http.send(http.request("/definition/template/adl1.4")
                .header("Content-Type", "application/xml").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SimHttp.opt())));
        assertEquals(406, jsonAccept.statusCode());
        assertEquals("Not Acceptable", SimHttp.json(jsonAccept).get("error").asText());
        assertEquals("No acceptable representation", SimHttp.json(jsonAccept).get("message").asText());

        HttpResponse<String> textXml = http.send(http.request("/definition/template/adl1.4")
                .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString(SimHttp.opt())));
        assertEquals(415, textXml.statusCode());

        HttpResponse<String> created = http.uploadTemplate();
        assertEquals(201, created.statusCode());
        assertEquals("\"" + SimHttp.TEMPLATE_ID + "\"", created.headers().firstValue("ETag").orElseThrow());
        assertEquals(sim.baseUrl() + "/definition/template/adl1.4/RIPPLE%20-%20Clinical%20Notes.v1",
                created.headers().firstValue("Location").orElseThrow());

        HttpResponse<String> again = http.uploadTemplate();
        assertEquals(409, again.statusCode());
        assertEquals("Operational template with this template ID already exists: " + SimHttp.TEMPLATE_ID,
                SimHttp.json(again).get("message").asText());

        HttpResponse<String> notOpt = http.send(http.request("/definition/template/adl1.4")
                .header("Content-Type", "application/xml").POST(HttpRequest.BodyPublishers.ofString("<foo/>")));
        assertEquals(400, notOpt.statusCode());

        HttpResponse<String> list = http.get("/definition/template/adl1.4");
        assertEquals(200, list.statusCode());
        assertEquals(SimHttp.TEMPLATE_ID, SimHttp.json(list).get(0).get("template_id").asText());
        assertEquals("openEHR-EHR-COMPOSITION.encounter.v1", SimHttp.json(list).get(0).get("archetype_id").asText());
        assertEquals(200, http.get("/definition/template/adl1.4/RIPPLE%20-%20Clinical%20Notes.v1").statusCode());
        assertEquals(404, http.get("/definition/template/adl1.4/nope.v1").statusCode());
    }
}
