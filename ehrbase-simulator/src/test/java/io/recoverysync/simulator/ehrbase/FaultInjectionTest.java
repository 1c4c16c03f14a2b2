package io.recoverysync.simulator.ehrbase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Outages, refused connections, queued failures and latency, and that state survives them. */
class FaultInjectionTest extends WithSimulator {

    @Test
    void outageAnswers503UntilLifted() {
        sim.setOutage(true);
        assertEquals(503, http.get("/definition/template/adl1.4").statusCode());
        sim.setOutage(false);
        assertEquals(200, http.get("/definition/template/adl1.4").statusCode());
    }

    @Test
    void queuedFailuresCarryEhrbasesErrorBody() {
        sim.failNext(2, 503);
        assertEquals(503, http.get("/definition/template/adl1.4").statusCode());
        sim.failNext(1, 422, "/content: something the test chose");
        HttpResponse<String> r = http.get("/definition/template/adl1.4");
        assertEquals(422, r.statusCode());
        assertEquals("/content: something the test chose", SimHttp.json(r).get("message").asText());
        assertEquals(200, http.get("/definition/template/adl1.4").statusCode());
    }

    @Test
    void garbledAnswersKeepTheirStatusLoseTheirHeadersAndStillTakeEffect() {
        String subject = "p-" + UUID.randomUUID();
        String bySubject = "/ehr?subject_id=" + subject + "&subject_namespace=test";
        sim.garbleNext(1);
        HttpResponse<String> created = http.postJson("/ehr", SimHttp.ehrStatus(subject, "test"));
        assertEquals(201, created.statusCode());
        assertTrue(created.headers().firstValue("ETag").isEmpty(), created.headers().toString());
        assertTrue(created.headers().firstValue("Location").isEmpty(), created.headers().toString());

        // the EHR was made all the same; a garbled answer with a body carries half of it
        String ehrId = sim.ehrBySubject(subject, "test").orElseThrow().ehrId();
        sim.garbleNext(1);
        HttpResponse<String> cut = http.get(bySubject);
        assertEquals(200, cut.statusCode());
        assertTrue(cut.body().length() > 10, cut.body());
        assertThrows(AssertionError.class, () -> SimHttp.json(cut), "half a JSON body does not parse: " + cut.body());
        HttpResponse<String> whole = http.get(bySubject);
        assertEquals(ehrId, SimHttp.json(whole).path("ehr_id").path("value").asText());
        assertTrue(whole.body().startsWith(cut.body()), "the cut answer is the whole one's first half");
    }

    @Test
    void anEhrMadeElsewhereIsFoundBySubject() {
        String subject = "p-" + UUID.randomUUID();
        SimEhr made = sim.createEhr(subject, "test");
        HttpResponse<String> found = http.get("/ehr?subject_id=" + subject + "&subject_namespace=test");
        assertEquals(made.ehrId(), SimHttp.json(found).path("ehr_id").path("value").asText());
        assertThrows(IllegalStateException.class, () -> sim.createEhr(subject, "test"));
    }

    @Test
    void offlineRefusesConnectionsAndOnlineKeepsState() {
        String ehrId = http.createEhr("p-" + UUID.randomUUID());
        int port = sim.port();
        sim.goOffline();
        UncheckedIOException refused = assertThrows(UncheckedIOException.class, () -> http.get("/ehr/" + ehrId));
        assertTrue(refused.getCause() instanceof ConnectException, refused.getCause().toString());
        sim.goOnline();
        assertEquals(port, sim.port());
        assertEquals(200, http.get("/ehr/" + ehrId).statusCode());
    }

    @Test
    void latencyDelaysAnswersAndStoredNoticesArrive() {
        java.util.List<StoredComposition> stored = new java.util.concurrent.CopyOnWriteArrayList<>();
        sim.onCompositionStored(stored::add);
        assertEquals(201, http.uploadTemplate().statusCode());
        String ehrId = http.createEhr("p-" + UUID.randomUUID());
        sim.setLatency(Duration.ofMillis(150));
        long start = System.nanoTime();
        HttpResponse<String> r = http.postJson("/ehr/" + ehrId + "/composition?" + SimHttp.TEMPLATE_QUERY, SimHttp.soapFlat(Map.of()));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(204, r.statusCode());
        assertTrue(tookMs >= 150, "took " + tookMs + " ms");
        assertEquals(1, stored.size());
        assertEquals(ehrId, stored.get(0).ehrId());
        assertEquals(1, sim.requests("POST /ehr/{ehr_id}/composition 204"));
    }
}
