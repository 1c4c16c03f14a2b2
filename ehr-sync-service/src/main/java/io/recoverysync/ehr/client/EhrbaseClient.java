package io.recoverysync.ehr.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recoverysync.contracts.ContractJson;
import io.recoverysync.ehr.config.EhrSyncConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * EHRbase's openEHR REST API as the note sync uses it: Basic auth when configured, every answer returned as an
 * {@link EhrbaseAnswer} (4xx/5xx included), transport failures as transient {@link EhrbaseFailure}s. Timeouts are
 * the REST client's ({@code quarkus.rest-client.ehrbase.*-timeout}); retries are the caller's, because they are
 * scheduled in the database, not in memory. Logs carry status codes only.
 */
@ApplicationScoped
public class EhrbaseClient {
    private static final Logger LOG = Logger.getLogger(EhrbaseClient.class);
    private static final String FLAT = "FLAT";

    private final EhrbaseApi api;
    private final EhrSyncConfig.Ehrbase config;
    private final String authorization;
    private final String operationalTemplate;
    private final AtomicBoolean templateUploaded = new AtomicBoolean();

    public EhrbaseClient(@RestClient EhrbaseApi api, EhrSyncConfig config) {
        this.api = api;
        this.config = config.ehrbase();
        this.authorization = this.config.user().filter(u -> !u.isBlank())
                .map(u -> "Basic " + Base64.getEncoder().encodeToString(
                        (u + ":" + this.config.password().orElse("")).getBytes(StandardCharsets.UTF_8)))
                .orElse(null);
        this.operationalTemplate = readTemplate(this.config.templateResource());
    }

    /**
     * Uploads the template unless this process already saw it accepted; 201 and 409 (already there) both mean it
     * is present. Concurrent first callers may both upload: the second gets the harmless 409.
     */
    public Uni<Void> ensureTemplate() {
        if (templateUploaded.get()) {
            return Uni.createFrom().voidItem();
        }
        return call(() -> api.uploadTemplate(authorization, operationalTemplate))
                .map(answer -> {
                    if (answer.ok() || answer.status() == 409) {
                        if (templateUploaded.compareAndSet(false, true)) {
                            LOG.infof("EHRbase template '%s' present (HTTP %d)", config.templateId(), answer.status());
                        }
                        return null;
                    }
                    EhrbaseFailure failure = EhrbaseFailure.of(answer);
                    if (failure.kind() == EhrbaseFailure.Kind.REJECTED) {
                        // our template, not the note, is at fault: keep the notes retrying while ops fix it
                        LOG.errorf("EHRbase refused the template upload (HTTP %d)", answer.status());
                        throw new EhrbaseFailure(EhrbaseFailure.Kind.TRANSIENT, answer.status(),
                                "template upload refused: " + answer.message());
                    }
                    throw failure;
                });
    }

    /**
     * A cheap authenticated read ({@code GET /definition/template/adl1.4}, the template list): 200 means EHRbase is
     * up and takes the credentials.
     */
    public Uni<EhrbaseAnswer> probe() {
        return call(() -> api.listTemplates(authorization));
    }

    /** {@code GET /definition/template/adl1.4/{our template id}}: the OPT EHRbase holds under our template's id. */
    public Uni<EhrbaseAnswer> storedTemplate() {
        return call(() -> api.template(authorization, config.templateId()));
    }

    /** {@code GET /ehr/{ehrId}}: the EHR, with the {@code system_id} of the EHRbase that holds it. */
    public Uni<EhrbaseAnswer> ehr(UUID ehrId) {
        return call(() -> api.ehr(authorization, ehrId.toString()));
    }

    /** The uid of the operational template this service composes with (its {@code <uid><value>}). */
    public String templateUid() {
        return templateUid(operationalTemplate);
    }

    /** The first {@code <uid><value>…</value></uid>} of an OPT (the template's own uid), null when it has none. */
    public static String templateUid(String opt) {
        if (opt == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<uid>\\s*<value>\\s*([^<]+?)\\s*</value>").matcher(opt);
        return m.find() ? m.group(1) : null;
    }

    /** {@code GET /ehr?subject_id=&subject_namespace=}. */
    public Uni<EhrbaseAnswer> ehrBySubject(String subjectId) {
        return call(() -> api.ehrBySubject(authorization, subjectId, config.subjectNamespace()));
    }

    /** {@code PUT /ehr/{ehrId}} with an EHR_STATUS binding the EHR to the subject. */
    public Uni<EhrbaseAnswer> createEhr(UUID ehrId, String subjectId) {
        return call(() -> api.createEhr(authorization, ehrId.toString(), ehrStatus(subjectId)));
    }

    /** {@code POST /ehr/{ehrId}/composition?format=FLAT&templateId=...}. */
    public Uni<EhrbaseAnswer> createComposition(UUID ehrId, Map<String, Object> flat) {
        return call(() -> api.createComposition(authorization, ehrId.toString(), FLAT, config.templateId(), json(flat)));
    }

    /** {@code PUT /ehr/{ehrId}/composition/{uuid}} with {@code If-Match: <version uid>} unquoted. */
    public Uni<EhrbaseAnswer> updateComposition(UUID ehrId, UUID versionedObjectUid, String ifMatchVersionUid,
            Map<String, Object> flat) {
        return call(() -> api.updateComposition(authorization, ifMatchVersionUid, ehrId.toString(),
                versionedObjectUid.toString(), FLAT, config.templateId(), json(flat)));
    }

    /** The latest version of a composition in FLAT form. */
    public Uni<EhrbaseAnswer> latestComposition(UUID ehrId, UUID versionedObjectUid) {
        return call(() -> api.composition(authorization, ehrId.toString(), versionedObjectUid.toString(), FLAT));
    }

    public String systemId() {
        return config.systemId();
    }

    public String templateId() {
        return config.templateId();
    }

    private static Uni<EhrbaseAnswer> call(Supplier<Uni<Response>> request) {
        return Uni.createFrom().<Response>deferred(request::get)
                .onFailure(WebApplicationException.class)
                .recoverWithItem(e -> ((WebApplicationException) e).getResponse())
                .map(EhrbaseClient::answer)
                .onFailure(e -> !(e instanceof EhrbaseFailure))
                .transform(EhrbaseFailure::transport);
    }

    private static EhrbaseAnswer answer(Response response) {
        String body = null;
        try {
            if (response.hasEntity()) {
                body = response.readEntity(String.class);
            }
        } catch (RuntimeException unreadable) {
            // an error body we cannot read changes nothing about the status
        }
        return new EhrbaseAnswer(response.getStatus(), response.getHeaderString("ETag"),
                response.getHeaderString("Location"), body);
    }

    private String ehrStatus(String subjectId) {
        ObjectNode status = ContractJson.mapper().createObjectNode();
        status.put("_type", "EHR_STATUS");
        status.put("archetype_node_id", "openEHR-EHR-EHR_STATUS.generic.v1");
        status.putObject("name").put("value", "EHR Status");
        ObjectNode ref = status.putObject("subject").put("_type", "PARTY_SELF").putObject("external_ref");
        ref.putObject("id").put("_type", "GENERIC_ID").put("value", subjectId).put("scheme", config.subjectNamespace());
        ref.put("namespace", config.subjectNamespace());
        ref.put("type", "PERSON");
        status.put("is_modifiable", true);
        status.put("is_queryable", true);
        return status.toString();
    }

    private static String json(Map<String, Object> flat) {
        try {
            return ContractJson.mapper().writeValueAsString(flat);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readTemplate(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("template resource " + resource + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
