package io.recoverysync.simulator.ehrbase;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.recoverysync.simulator.kit.SimulatorHttp;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves {@code /ehrbase/rest/openehr/v1}: outage first (a stopped EHRbase behind a proxy), then Basic auth, then
 * queued failures, then the openEHR REST subset a note sync needs (EHR, ADL 1.4 template, FLAT composition),
 * with EHRbase 2.x status codes, headers and error bodies.
 */
final class OpenEhrHandler implements HttpHandler {

    static final String BASE = "/ehrbase/rest/openehr/v1";

    private static final Pattern UUID_PATTERN =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern VERSION_UID = Pattern.compile("(" + UUID_PATTERN.pattern() + ")::([^:]+)::(\\d{1,9})");
    private static final Pattern NAMESPACE = Pattern.compile("[a-zA-Z][a-zA-Z0-9-_:/&+?]*");

    private final SimulatorConfig config;
    private final CdrState state;
    private final FaultPlan faults;
    private final RequestLog log;
    private final Consumer<StoredComposition> onStored;
    private final ObjectMapper mapper = new ObjectMapper();
    private final String expectedAuthorization;

    OpenEhrHandler(SimulatorConfig config, CdrState state, FaultPlan faults, RequestLog log,
            Consumer<StoredComposition> onStored) {
        this.config = config;
        this.state = state;
        this.faults = faults;
        this.log = log;
        this.onStored = onStored;
        this.expectedAuthorization = config.authEnabled()
                ? "Basic " + Base64.getEncoder().encodeToString(
                        (config.user() + ":" + config.password()).getBytes(StandardCharsets.UTF_8))
                : null;
    }

    /** One parsed request. */
    private record Request(String method, String path, List<String> segments, Map<String, String> query,
            HttpExchange exchange, byte[] body) {

        String header(String name) {
            return exchange.getRequestHeaders().getFirst(name);
        }

        boolean prefersRepresentation() {
            String prefer = header("Prefer");
            return prefer != null && prefer.toLowerCase(Locale.ROOT).contains("return=representation");
        }
    }

    /** Requests being handled now (a slow one may still take a queued fault after its client gave up). */
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    int inFlight() {
        return inFlight.get();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        inFlight.incrementAndGet();
        try {
            handleCounted(exchange);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void handleCounted(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String route = "?";
        HttpReply reply;
        try {
            Request request = read(exchange, method);
            route = route(request.segments());
            // latency models server processing time: what the request changes is committed at its end
            sleep(faults.latency());
            reply = answer(request, route);
            if (reply.status() != 401 && faults.takeGarble()) {
                reply = reply.garbled();
            }
        } catch (CdrException e) {
            reply = HttpReply.of(e);
        } catch (RuntimeException e) {
            reply = HttpReply.error(500, HttpReply.INTERNAL_ERROR_MESSAGE);
        }
        log.record(method, route, reply.status());
        reply.writeTo(exchange);
    }

    private Request read(HttpExchange exchange, String method) throws IOException {
        URI uri = exchange.getRequestURI();
        String rawPath = uri.getRawPath();
        String rest = rawPath.length() > BASE.length() ? rawPath.substring(BASE.length() + 1) : "";
        List<String> segments = new ArrayList<>();
        for (String s : rest.split("/")) {
            if (!s.isEmpty()) {
                segments.add(SimulatorHttp.decode(s.replace("+", "%2B")));
            }
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        return new Request(method, uri.getPath(), segments, HttpReply.queryParams(uri.getRawQuery()), exchange, body);
    }

    /** The route template, used for request accounting. */
    static String route(List<String> s) {
        if (s.isEmpty()) {
            return "/";
        }
        if (s.get(0).equals("ehr")) {
            return switch (s.size()) {
                case 1 -> "/ehr";
                case 2 -> "/ehr/{ehr_id}";
                case 3 -> "/ehr/{ehr_id}/" + s.get(2);
                case 4 -> "/ehr/{ehr_id}/" + s.get(2) + "/{uid}";
                default -> "/ehr/{ehr_id}/" + s.get(2) + "/{uid}/...";
            };
        }
        if (s.size() >= 3 && s.get(0).equals("definition") && s.get(1).equals("template")) {
            return "/definition/template/" + s.get(2) + (s.size() > 3 ? "/{template_id}" : "");
        }
        return "/" + String.join("/", s);
    }

    /** The node name ({@code server.nodename}) this EHRbase runs with: the system id of every version uid. */
    private String systemId() {
        return faults.nodeNameOr(config.systemId());
    }

    private HttpReply answer(Request r, String route) {
        if (faults.outage()) {
            return HttpReply.text(503, "Service Unavailable");
        }
        if (expectedAuthorization != null && !expectedAuthorization.equals(r.header("Authorization"))) {
            return HttpReply.springError(401, r.path()).withHeader("WWW-Authenticate", "Basic realm=\"Realm\"");
        }
        FaultPlan.Failure failure = faults.takeFailure();
        if (failure != null) {
            String message = failure.message() != null ? failure.message()
                    : failure.status() >= 500 ? HttpReply.INTERNAL_ERROR_MESSAGE : SimulatorHttp.reason(failure.status());
            return HttpReply.error(failure.status(), message);
        }
        return switch (route) {
            case "/ehr" -> switch (r.method()) {
                case "POST" -> createEhr(r, UUID.randomUUID().toString());
                case "GET" -> ehrBySubject(r);
                default -> notAllowed(r);
            };
            case "/ehr/{ehr_id}" -> switch (r.method()) {
                case "PUT" -> createEhrWithId(r);
                case "GET" -> readEhr(r);
                default -> notAllowed(r);
            };
            case "/ehr/{ehr_id}/composition" -> r.method().equals("POST") ? createComposition(r) : notAllowed(r);
            case "/ehr/{ehr_id}/composition/{uid}" -> switch (r.method()) {
                case "PUT" -> updateComposition(r);
                case "GET" -> readComposition(r);
                case "DELETE" -> deleteComposition(r);
                default -> notAllowed(r);
            };
            case "/definition/template/adl1.4" -> switch (r.method()) {
                case "POST" -> uploadTemplate(r);
                case "GET" -> listTemplates();
                default -> notAllowed(r);
            };
            case "/definition/template/adl1.4/{template_id}" -> r.method().equals("GET") ? readTemplate(r) : notAllowed(r);
            case "/definition/template/adl2", "/definition/template/adl2/{template_id}" ->
                    HttpReply.error(501, "ADL2 templates are not supported");
            default -> HttpReply.springError(404, r.path());
        };
    }

    // ---- EHR ----

    private HttpReply createEhrWithId(Request r) {
        String ehrId = r.segments().get(1);
        if (!UUID_PATTERN.matcher(ehrId).matches()) {
            throw CdrException.badRequest("EHR ID format not a UUID");
        }
        return createEhr(r, ehrId.toLowerCase(Locale.ROOT));
    }

    private HttpReply createEhr(Request r, String ehrId) {
        String subjectId = null;
        String namespace = null;
        if (r.body().length > 0) {
            if (!mediaTypeIs(r.header("Content-Type"), "application/json")) {
                return HttpReply.springError(415, r.path());
            }
            JsonNode status = parseJson(r.body());
            if (!status.hasNonNull("archetype_node_id")) {
                throw CdrException.badRequest("Missing required creator property 'archetype_node_id'");
            }
            JsonNode ref = status.path("subject").path("external_ref");
            if (!ref.isMissingNode() && !ref.isNull()) {
                subjectId = ref.path("id").path("value").asText(null);
                namespace = ref.path("namespace").asText(null);
                if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
                    throw CdrException.badRequest("Invariant Namespace_valid failed on type PARTY_REF");
                }
            }
        }
        SimEhr ehr = state.createEhr(ehrId, subjectId, namespace, Instant.now());
        HttpReply reply = r.prefersRepresentation() ? HttpReply.json(201, ehrBody(ehr)) : HttpReply.empty(201);
        return reply.withHeader("Location", baseUrl(r) + "/ehr/" + ehr.ehrId())
                .withHeader("ETag", "\"" + ehr.ehrId() + "\"");
    }

    private HttpReply readEhr(Request r) {
        String ehrId = r.segments().get(1);
        SimEhr ehr = state.ehr(ehrId.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new CdrException(404, "No EHR found with given ID: " + ehrId));
        return ehrReply(r, ehr);
    }

    private HttpReply ehrBySubject(Request r) {
        String subjectId = r.query().get("subject_id");
        String namespace = r.query().get("subject_namespace");
        if (subjectId == null || namespace == null) {
            throw CdrException.badRequest("Both subject_id and subject_namespace are required");
        }
        SimEhr ehr = state.ehrBySubject(subjectId, namespace)
                .orElseThrow(() -> new CdrException(404, "No EHR with supplied subject parameters found"));
        return ehrReply(r, ehr);
    }

    private HttpReply ehrReply(Request r, SimEhr ehr) {
        return HttpReply.json(200, ehrBody(ehr))
                .withHeader("Location", baseUrl(r) + "/ehr/" + ehr.ehrId())
                .withHeader("ETag", "\"" + ehr.ehrId() + "\"");
    }

    /** The 2.30+ shape: {@code ehr_status} is an OBJECT_REF. */
    private ObjectNode ehrBody(SimEhr ehr) {
        ObjectNode body = mapper.createObjectNode();
        body.putObject("system_id").put("_type", "HIER_OBJECT_ID").put("value", systemId());
        body.putObject("ehr_id").put("_type", "HIER_OBJECT_ID").put("value", ehr.ehrId());
        ObjectNode status = body.putObject("ehr_status");
        status.putObject("id").put("_type", "OBJECT_VERSION_ID")
                .put("value", UUID.nameUUIDFromBytes(("status:" + ehr.ehrId()).getBytes(StandardCharsets.UTF_8))
                        + "::" + systemId() + "::1");
        status.put("namespace", "local").put("type", "EHR_STATUS");
        body.putObject("time_created").put("_type", "DV_DATE_TIME").put("value", ehr.timeCreated().toString());
        return body;
    }

    // ---- templates ----

    private HttpReply uploadTemplate(Request r) {
        if (!mediaTypeIs(r.header("Content-Type"), "application/xml")) {
            return HttpReply.springError(415, r.path());
        }
        if (!acceptsXml(r.header("Accept"))) {
            return HttpReply.error(406, "No acceptable representation");
        }
        OperationalTemplate template;
        try {
            template = OperationalTemplate.parse(r.body(), Instant.now());
        } catch (IllegalArgumentException e) {
            throw CdrException.badRequest(e.getMessage());
        }
        state.addTemplate(template);
        HttpReply reply = r.prefersRepresentation() ? HttpReply.xml(201, template.xml()) : HttpReply.empty(201);
        return reply.withHeader("Location", baseUrl(r) + "/definition/template/adl1.4/" + encodePath(template.templateId()))
                .withHeader("ETag", "\"" + template.templateId() + "\"");
    }

    private HttpReply listTemplates() {
        ArrayNode list = mapper.createArrayNode();
        for (OperationalTemplate t : state.templates()) {
            list.addObject()
                    .put("concept", t.concept())
                    .put("template_id", t.templateId())
                    .put("archetype_id", t.archetypeId())
                    .put("created_timestamp", t.createdAt().toString());
        }
        return HttpReply.json(200, list);
    }

    private HttpReply readTemplate(Request r) {
        String id = r.segments().get(3);
        OperationalTemplate t = state.template(id)
                .orElseThrow(() -> new CdrException(404, "Template with the specified id does not exist"));
        if (!acceptsXml(r.header("Accept"))) {
            // [sim] EHRbase would render a web template here; the simulator serves the OPT only
            return HttpReply.error(406, "No acceptable representation");
        }
        return HttpReply.xml(200, t.xml());
    }

    // ---- compositions ----

    private HttpReply createComposition(Request r) {
        SimEhr ehr = ehrForComposition(r);
        OperationalTemplate template = templateForComposition(r);
        Map<String, String> input = flatBody(r);
        FlatComposition.Checked checked = FlatComposition.check(input, template, Instant.now());
        String root = rootName(template, input);
        String uuid;
        if (checked.suppliedUid() != null) {
            Matcher m = VERSION_UID.matcher(checked.suppliedUid());
            if (!m.matches()) {
                throw CdrException.badRequest("Invalid version uid: " + checked.suppliedUid());
            }
            if (!systemId().equals(m.group(2))) {
                throw new CdrException(412, "Mismatch of creating_system_id: " + m.group(2) + " != " + systemId());
            }
            if (!"1".equals(m.group(3))) {
                throw new CdrException(412, "Provided Id " + checked.suppliedUid() + " has a version other than 1");
            }
            uuid = m.group(1).toLowerCase(Locale.ROOT);
        } else {
            uuid = UUID.randomUUID().toString();
        }
        SimVersion v = state.createComposition(uuid, ehr.ehrId(), template.templateId(), systemId(),
                checked.flat(), root, Instant.now());
        onStored.accept(new StoredComposition(ehr.ehrId(), uuid, v, System.nanoTime()));
        if (faults.takeDuplicateKey()) {
            return HttpReply.error(500, "org.springframework.dao.DuplicateKeyException: PreparedStatementCallback; "
                    + "ERROR: duplicate key value violates unique constraint \"comp_version_pkey\"");
        }
        HttpReply reply = r.prefersRepresentation() ? HttpReply.json(201, v.flat()).withContentType(HttpReply.FLAT)
                : HttpReply.empty(204);
        return reply.withHeader("Location", baseUrl(r) + "/ehr/" + ehr.ehrId() + "/composition/" + uuid)
                .withHeader("ETag", "\"" + v.versionUid() + "\"");
    }

    private HttpReply updateComposition(Request r) {
        SimEhr ehr = ehrForComposition(r);
        String uuid = bareUuid(r.segments().get(3));
        SimComposition existing = state.composition(uuid)
                .filter(c -> c.ehrId().equals(ehr.ehrId()))
                .orElseThrow(() -> new CdrException(404, null));
        String ifMatch = r.header("If-Match");
        if (ifMatch == null || ifMatch.isBlank()) {
            throw CdrException.badRequest("Required request header 'If-Match' for method parameter type String is not present");
        }
        Matcher m = VERSION_UID.matcher(ifMatch.trim());
        if (!m.matches()) {
            // the raw header is parsed as a UUID first: a quoted ETag value is "too large" for it
            throw CdrException.badRequest(ifMatch.trim().startsWith("\"") || ifMatch.length() > 36
                    ? "UUID string too large" : "Invalid UUID string: " + ifMatch.trim());
        }
        String location = baseUrl(r) + "/ehr/" + ehr.ehrId() + "/composition/" + uuid;
        if (!m.group(1).equalsIgnoreCase(uuid)) {
            throw new CdrException(412, "If-Match version_uid does not match latest version");
        }
        OperationalTemplate template = templateForComposition(r);
        if (!template.templateId().equals(existing.templateId())) {
            throw CdrException.badRequest("Can not update composition with a different template: "
                    + template.templateId() + " != " + existing.templateId());
        }
        Map<String, String> input = flatBody(r);
        FlatComposition.Checked checked = FlatComposition.check(input, template, Instant.now());
        if (checked.suppliedUid() != null && !checked.suppliedUid().toLowerCase(Locale.ROOT).startsWith(uuid)) {
            throw new CdrException(412, "Provided composition uid does not match the versioned object uid " + uuid);
        }
        SimVersion v = state.updateComposition(uuid, Integer.parseInt(m.group(3)), systemId(), checked.flat(),
                rootName(template, input), Instant.now(), location);
        onStored.accept(new StoredComposition(ehr.ehrId(), uuid, v, System.nanoTime()));
        if (faults.takeDuplicateKey()) {
            return HttpReply.error(500, "org.springframework.dao.DuplicateKeyException: PreparedStatementCallback; "
                    + "ERROR: duplicate key value violates unique constraint \"comp_version_pkey\"");
        }
        HttpReply reply = r.prefersRepresentation() ? HttpReply.json(200, v.flat()).withContentType(HttpReply.FLAT)
                : HttpReply.empty(204);
        return reply.withHeader("Location", location).withHeader("ETag", "\"" + v.versionUid() + "\"");
    }

    private HttpReply readComposition(Request r) {
        SimEhr ehr = ehrForComposition(r);
        String uid = r.segments().get(3);
        String uuid = bareUuid(uid);
        SimComposition c = state.composition(uuid)
                .filter(x -> x.ehrId().equals(ehr.ehrId()))
                .orElseThrow(() -> new CdrException(404, "No composition with id " + uid + " found"));
        SimVersion v;
        if (uid.contains("::")) {
            Matcher m = VERSION_UID.matcher(uid);
            int n = m.matches() ? Integer.parseInt(m.group(3)) : -1;
            v = c.versions().stream().filter(x -> x.version() == n).findFirst()
                    .orElseThrow(() -> new CdrException(404, "No composition with id " + uid + " found"));
        } else {
            if (c.deleted()) {
                return HttpReply.empty(204);
            }
            v = c.latest();
        }
        String format = r.query().get("format");
        String accept = r.header("Accept");
        HttpReply reply;
        if ("FLAT".equalsIgnoreCase(format) || (accept != null && accept.contains("flat"))) {
            reply = HttpReply.json(200, v.flat()).withContentType(HttpReply.FLAT);
        } else {
            // [sim] a canonical-JSON outline; the simulator stores FLAT only
            ObjectNode body = mapper.createObjectNode();
            body.put("_type", "COMPOSITION");
            body.putObject("name").put("_type", "DV_TEXT").put("value", "Clinical Notes");
            body.putObject("uid").put("_type", "OBJECT_VERSION_ID").put("value", v.versionUid());
            body.putObject("archetype_details").putObject("template_id").put("value", c.templateId());
            reply = HttpReply.json(200, body);
        }
        return reply.withHeader("ETag", "\"" + v.versionUid() + "\"")
                .withHeader("Location", baseUrl(r) + "/ehr/" + ehr.ehrId() + "/composition/" + uuid);
    }

    private HttpReply deleteComposition(Request r) {
        SimEhr ehr = ehrForComposition(r);
        String uid = r.segments().get(3);
        Matcher m = VERSION_UID.matcher(uid);
        if (!m.matches()) {
            throw CdrException.badRequest("Invalid version uid: " + uid);
        }
        String uuid = m.group(1).toLowerCase(Locale.ROOT);
        state.composition(uuid).filter(c -> c.ehrId().equals(ehr.ehrId()) && !c.deleted())
                .orElseThrow(() -> new CdrException(404, "No composition with id " + uid + " found"));
        state.delete(uuid, Integer.parseInt(m.group(3)), systemId());
        return HttpReply.empty(204);
    }

    private SimEhr ehrForComposition(Request r) {
        String ehrId = r.segments().get(1);
        return state.ehr(ehrId.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new CdrException(404, "EHR with id " + ehrId + " not found"));
    }

    private OperationalTemplate templateForComposition(Request r) {
        String format = r.query().get("format");
        String contentType = r.header("Content-Type");
        boolean flat = "FLAT".equalsIgnoreCase(format) || mediaTypeIs(contentType, HttpReply.FLAT);
        if (!flat) {
            // [sim] canonical JSON/XML and STRUCTURED are not simulated
            throw CdrException.badRequest("The simulator accepts FLAT compositions only (format=FLAT)");
        }
        String templateId = r.query().get("templateId");
        if (templateId == null) {
            // EHRbase 2.16: NullPointerException deep inside ("Template null not found") -> generic 500
            throw CdrException.internal();
        }
        return state.template(templateId)
                .orElseThrow(() -> CdrException.badRequest("Could not retrieve template for template Id: " + templateId));
    }

    private Map<String, String> flatBody(Request r) {
        JsonNode root = parseJson(r.body());
        if (!root.isObject()) {
            throw CdrException.badRequest("A FLAT composition must be a JSON object");
        }
        Map<String, String> flat = new LinkedHashMap<>();
        List<String> unconsumed = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isContainerNode()) {
                unconsumed.add(e.getKey());
            } else if (!e.getValue().isNull()) {
                flat.put(e.getKey(), e.getValue().asText());
            }
        }
        if (!unconsumed.isEmpty()) {
            throw CdrException.badRequest("Could not consume Parts " + unconsumed);
        }
        return flat;
    }

    private static String rootName(OperationalTemplate template, Map<String, String> input) {
        return FlatComposition.RIPPLE_TEMPLATE_ID.equals(template.templateId())
                ? FlatComposition.RIPPLE_ROOT : FlatComposition.rootOf(input);
    }

    // ---- helpers ----

    private JsonNode parseJson(byte[] body) {
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw CdrException.badRequest("No content to map due to end-of-input");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw CdrException.badRequest("JSON parse error: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw CdrException.badRequest("JSON parse error: " + e.getMessage());
        }
    }

    private static boolean mediaTypeIs(String header, String type) {
        if (header == null) {
            return false;
        }
        int semicolon = header.indexOf(';');
        String bare = (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
        return bare.equalsIgnoreCase(type);
    }

    /** Whether an Accept header admits application/xml (absent means anything). */
    static boolean acceptsXml(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String part : accept.split(",")) {
            int semicolon = part.indexOf(';');
            String range = (semicolon < 0 ? part : part.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
            if (range.equals("*/*") || range.equals("application/*") || range.equals("application/xml")) {
                return true;
            }
        }
        return false;
    }

    private static HttpReply notAllowed(Request r) {
        return HttpReply.springError(405, r.path());
    }

    private String baseUrl(Request r) {
        String host = Optional.ofNullable(r.header("Host")).orElse(config.host() + ":" + r.exchange().getLocalAddress().getPort());
        return "http://" + host + BASE;
    }

    private static String bareUuid(String uid) {
        int sep = uid.indexOf("::");
        return (sep < 0 ? uid : uid.substring(0, sep)).toLowerCase(Locale.ROOT);
    }

    private static String encodePath(String segment) {
        return java.net.URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void sleep(Duration latency) {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
