package ai.affinity.server.http;

import ai.affinity.server.serving.ModelSnapshot;
import ai.affinity.server.serving.RecommendationService;
import ai.affinity.server.serving.ServingState;
import ai.affinity.server.store.Event;
import ai.affinity.server.store.EventType;
import ai.affinity.server.store.IngestResult;
import ai.affinity.server.store.ItemRecord;
import ai.affinity.server.store.Store;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The HTTP API (Javalin on Jetty). Handlers are thin: parse and validate, call the store or the
 * {@link RecommendationService}, render JSON. Every failure is JSON {@code {"error": {...}}} without a
 * stack trace: client mistakes get 400 (bad input), 401 (missing or wrong API key on a write), 404
 * (unknown route or item), 405 or 413 (body or batch too large); anything unexpected is a 500 whose
 * details go to the log only. The endpoints are documented in {@code /openapi.json}.
 *
 * <p>Endpoints: {@code GET /v1/users/{id}/recommendations}, {@code GET /v1/items/{id}/similar},
 * {@code POST /v1/events}, {@code PUT /v1/items/{id}}, {@code PUT /v1/users/{id}},
 * {@code GET /v1/metrics/engagement}, {@code GET /health}, {@code GET /metrics}, {@code GET /openapi.json}, and the
 * dashboard: {@code GET /} (a self-contained page drawing engagement charts with inline SVG) over
 * {@code GET /v1/dashboard} (store counts and model versions).
 */
public final class AffinityServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AffinityServer.class);
    static final int MAX_ID_LENGTH = 200;
    static final int MAX_TAG_LENGTH = 100;
    private static final long MAX_ENGAGEMENT_DAYS = 366;
    private static final Set<String> EVENT_FIELDS = Set.of("user_id", "item_id", "type", "value", "timestamp",
            "event_id", "request_id", "arm");
    private static final Set<String> ITEM_FIELDS = Set.of("title", "text", "attributes", "image", "image_type", "audio", "audio_type");

    private final ServerConfig config;
    private final ServingState state;
    private final Store store;
    private final RecommendationService service;
    private final ServerMetrics metrics = new ServerMetrics();
    private final ObjectMapper json = new ObjectMapper();
    private final byte[] openApi;
    private final byte[] dashboard;
    private final long startedMillis = System.currentTimeMillis();
    private Javalin app;

    private AffinityServer(ServerConfig config, ServingState state) {
        this.config = config;
        this.state = state;
        this.store = state.store();
        this.service = new RecommendationService(state);
        this.openApi = resource("openapi.json");
        this.dashboard = resource("dashboard.html");
    }

    private static byte[] resource(String name) {
        try (InputStream in = AffinityServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }

    /** Starts serving {@code state} on {@code config}'s host and port; returns once the port is bound. */
    public static AffinityServer start(ServerConfig config, ServingState state) {
        AffinityServer s = new AffinityServer(config, state);
        s.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = config.maxRequestBytes();
            cfg.jsonMapper(new JavalinJackson(s.json, false));
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            s.routes(cfg.routes);
        }).start();
        return s;
    }

    /** The bound port (the ephemeral one when configured with 0). */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
    }

    /** The routes this server answers, as {@code "METHOD /path"}; the OpenAPI test checks it covers them. */
    public static List<String> routeList() {
        return List.of("GET /v1/users/{id}/recommendations", "GET /v1/items/{id}/similar", "POST /v1/events",
                "PUT /v1/items/{id}", "GET /v1/items/{id}", "PUT /v1/users/{id}", "GET /v1/metrics/engagement", "GET /health", "GET /metrics",
                "GET /openapi.json", "GET /", "GET /v1/dashboard");
    }

    private void routes(io.javalin.config.RoutesConfig r) {
        r.get("/v1/users/{id}/recommendations", wrap("GET", "/v1/users/{id}/recommendations", false, this::recommendations));
        r.get("/v1/items/{id}/similar", wrap("GET", "/v1/items/{id}/similar", false, this::similar));
        r.post("/v1/events", wrap("POST", "/v1/events", true, this::postEvents));
        r.put("/v1/items/{id}", wrap("PUT", "/v1/items/{id}", true, this::putItem));
        r.get("/v1/items/{id}", wrap("GET", "/v1/items/{id}", false, this::getItem));
        r.put("/v1/users/{id}", wrap("PUT", "/v1/users/{id}", true, this::putUser));
        r.get("/v1/metrics/engagement", wrap("GET", "/v1/metrics/engagement", false, this::engagement));
        r.get("/health", wrap("GET", "/health", false, this::health));
        r.get("/metrics", wrap("GET", "/metrics", false, this::prometheus));
        r.get("/", wrap("GET", "/", false, ctx -> ctx.contentType("text/html; charset=utf-8").result(dashboard)));
        r.get("/v1/dashboard", wrap("GET", "/v1/dashboard", false, this::dashboardData));
        r.get("/openapi.json", wrap("GET", "/openapi.json", false, ctx -> ctx.contentType("application/json").result(openApi)));
        // Whatever escapes a handler wrapper (e.g. a failure inside Javalin) still becomes JSON without a trace.
        r.exception(Exception.class, (e, ctx) -> {
            if (e instanceof HttpResponseException h) {
                error(ctx, h.getStatus(), codeFor(h.getStatus()), h.getMessage());
            } else {
                LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal_error", "internal server error");
            }
        });
        r.error(404, ctx -> {
            // Our own 404s are JSON already; Javalin's "Endpoint ... not found" text is replaced.
            String type = ctx.res().getContentType();
            if (type == null || !type.startsWith("application/json")) {
                error(ctx, 404, "not_found", "no such endpoint: " + ctx.method() + " " + ctx.path());
            }
        });
        r.error(405, ctx -> error(ctx, 405, "method_not_allowed", "method " + ctx.method() + " not allowed on " + ctx.path()));
    }

    /** Times the handler, checks the API key for writes and turns every exception into a JSON error. */
    private Handler wrap(String method, String route, boolean write, Handler h) {
        return ctx -> {
            long t0 = System.nanoTime();
            try {
                if (write) {
                    authorize(ctx);
                }
                h.handle(ctx);
            } catch (ApiException e) {
                error(ctx, e.status(), e.code(), e.getMessage());
            } catch (HttpResponseException e) {
                // Javalin's own refusals, e.g. 413 when the body exceeds the size limit.
                error(ctx, e.getStatus(), codeFor(e.getStatus()), e.getMessage());
            } catch (Exception e) {
                LOG.error("internal error on {} {}", method, ctx.path(), e);
                error(ctx, 500, "internal_error", "internal server error");
            } finally {
                metrics.record(method, route, ctx.statusCode(), System.nanoTime() - t0);
            }
        };
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            default -> status >= 500 ? "internal_error" : "error";
        };
    }

    private void error(Context ctx, int status, String code, String message) {
        ObjectNode err = json.createObjectNode();
        ObjectNode body = err.putObject("error");
        body.put("status", status);
        body.put("code", code);
        body.put("message", message == null ? "" : message);
        ctx.status(status).contentType("application/json").result(err.toString());
    }

    private void authorize(Context ctx) {
        if (config.apiKey() == null) {
            return;
        }
        String key = ctx.header("X-API-Key");
        if (key == null) {
            String auth = ctx.header("Authorization");
            if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                key = auth.substring(7).trim();
            }
        }
        if (key == null) {
            throw new ApiException(401, "unauthorized", "this endpoint needs an API key: send X-API-Key or Authorization: Bearer");
        }
        // Constant-time comparison: the time taken does not reveal how much of the key matched.
        if (!MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8), config.apiKey().getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(401, "unauthorized", "invalid API key");
        }
    }

    // ---- handlers ----

    private void recommendations(Context ctx) {
        String userId = pathId(ctx, "id", "user id");
        int k = intParam(ctx, "k", 10, 1, config.maxK());
        boolean excludeSeen = boolParam(ctx, "exclude_seen", true);
        String arm = ctx.queryParam("arm");
        if (arm != null && state.snapshot(arm) == null) {
            throw ApiException.badRequest("query parameter 'arm': unknown arm '" + arm + "'; arms: "
                    + String.join(", ", state.experiment().arms()));
        }
        RecommendationService.Recommendations r = service.recommend(userId, k, arm, excludeSeen);
        ObjectNode out = json.createObjectNode();
        out.put("request_id", r.requestId());
        out.put("user_id", r.userId());
        out.put("arm", r.arm());
        out.put("experiment", state.experiment().name());
        out.put("model_version", r.modelVersion());
        out.put("history_size", r.historySize());
        out.put("source", r.source());
        putItems(out.putArray("items"), r.items());
        ctx.header("X-Request-Id", r.requestId());
        ctx.contentType("application/json").result(out.toString());
    }

    private void similar(Context ctx) {
        String itemId = pathId(ctx, "id", "item id");
        int k = intParam(ctx, "k", 10, 1, config.maxK());
        String arm = ctx.queryParam("arm");
        if (arm != null && state.snapshot(arm) == null) {
            throw ApiException.badRequest("query parameter 'arm': unknown arm '" + arm + "'");
        }
        RecommendationService.Similar s;
        try {
            s = service.similar(itemId, k, arm);
        } catch (NoSuchElementException e) {
            throw ApiException.notFound(e.getMessage());
        }
        ObjectNode out = json.createObjectNode();
        out.put("item_id", s.itemId());
        out.put("arm", s.arm());
        out.put("model_version", s.modelVersion());
        putItems(out.putArray("items"), s.items());
        ctx.contentType("application/json").result(out.toString());
    }

    private static void putItems(ArrayNode arr, List<RecommendationService.ScoredItem> items) {
        for (RecommendationService.ScoredItem it : items) {
            ObjectNode o = arr.addObject();
            o.put("item_id", it.itemId());
            o.put("score", Float.isFinite(it.score()) ? it.score() : 0f);
        }
    }

    private void postEvents(Context ctx) {
        JsonNode body = readJson(ctx);
        JsonNode arr = body.isArray() ? body : body.get("events");
        if (body.isObject()) {
            checkFields(body, Set.of("events"), "body");
        }
        if (arr == null || !arr.isArray()) {
            throw ApiException.badRequest("body: expected {\"events\": [...]} or a JSON array of events");
        }
        if (arr.isEmpty()) {
            throw ApiException.badRequest("events: the batch is empty");
        }
        if (arr.size() > config.maxBatchEvents()) {
            throw new ApiException(413, "payload_too_large", "events: " + arr.size() + " events in one batch; at most "
                    + config.maxBatchEvents() + " are accepted");
        }
        long now = System.currentTimeMillis();
        List<Event> events = new ArrayList<>(arr.size());
        for (int i = 0; i < arr.size(); i++) {
            events.add(parseEvent(arr.get(i), "events[" + i + "]", now));
        }
        IngestResult r = store.appendEvents(events);
        metrics.eventsAccepted.add(r.accepted());
        metrics.eventsDuplicate.add(r.duplicates());
        ObjectNode out = json.createObjectNode();
        out.put("accepted", r.accepted());
        out.put("duplicates", r.duplicates());
        ctx.contentType("application/json").result(out.toString());
    }

    private Event parseEvent(JsonNode n, String where, long now) {
        if (n == null || !n.isObject()) {
            throw ApiException.badRequest(where + ": expected an object");
        }
        checkFields(n, EVENT_FIELDS, where);
        String user = requiredId(n, "user_id", where, MAX_ID_LENGTH);
        String item = requiredId(n, "item_id", where, MAX_ID_LENGTH);
        JsonNode t = n.get("type");
        if (t == null || !t.isTextual()) {
            throw ApiException.badRequest(where + ".type: required, one of view, click, rating, purchase, impression");
        }
        EventType type;
        try {
            type = EventType.parse(t.asText());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(where + ".type: " + e.getMessage());
        }
        double value = 1;
        JsonNode v = n.get("value");
        if (v != null && !v.isNull()) {
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                throw ApiException.badRequest(where + ".value: expected a finite number; got " + v);
            }
            value = v.asDouble();
        } else if (type == EventType.RATING) {
            throw ApiException.badRequest(where + ".value: required for a rating");
        }
        long time = now;
        JsonNode ts = n.get("timestamp");
        if (ts != null && !ts.isNull()) {
            time = parseTime(ts, where + ".timestamp");
        }
        String eventId = optionalId(n, "event_id", where, MAX_ID_LENGTH);
        String requestId = optionalId(n, "request_id", where, MAX_TAG_LENGTH);
        String arm = optionalId(n, "arm", where, MAX_TAG_LENGTH);
        if (arm == null && requestId != null) {
            // Responses name their arm; a client that sends only the request id gets the user's assigned arm
            // (the same unless the request forced ?arm=).
            arm = state.experiment().assign(user);
        }
        return new Event(user, item, type, value, time, eventId, requestId, arm);
    }

    /** Epoch seconds (a number, fractions allowed) or an ISO-8601 instant such as 2026-03-01T12:00:00Z. */
    private static long parseTime(JsonNode ts, String where) {
        if (ts.isNumber()) {
            double s = ts.asDouble();
            if (!Double.isFinite(s) || s < 0 || s > 253_402_300_799d) {
                throw ApiException.badRequest(where + ": expected epoch seconds between 0 and year 9999; got " + ts);
            }
            return Math.round(s * 1000);
        }
        if (ts.isTextual()) {
            try {
                return Instant.parse(ts.asText()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest(where + ": expected epoch seconds or an ISO-8601 instant like "
                        + "2026-03-01T12:00:00Z; got '" + ts.asText() + "'");
            }
        }
        throw ApiException.badRequest(where + ": expected epoch seconds or an ISO-8601 instant; got " + ts);
    }

    private void putItem(Context ctx) {
        String itemId = pathId(ctx, "id", "item id");
        JsonNode body = readJson(ctx);
        if (!body.isObject()) {
            throw ApiException.badRequest("body: expected a JSON object with title, text, attributes, image, audio");
        }
        checkFields(body, ITEM_FIELDS, "body");
        Map<String, List<String>> categorical = new LinkedHashMap<>();
        Map<String, Double> numeric = new LinkedHashMap<>();
        parseAttributes(body.get("attributes"), categorical, numeric, true);
        ItemRecord rec = new ItemRecord(itemId, optionalText(body, "title"), optionalText(body, "text"), categorical, numeric,
                base64(body, "image"), optionalText(body, "image_type"), base64(body, "audio"), optionalText(body, "audio_type"));
        boolean created = store.upsertItem(rec);
        // Placed by content now, so the item is recommendable in the next response, before any refit.
        ai.affinity.server.serving.ColdItem placed = state.itemStored(rec);
        service.indexFreshItems(); // and into the ANN indexes, so requests keep using them
        ObjectNode out = json.createObjectNode();
        out.put("item_id", itemId);
        out.put("created", created);
        out.put("recommendable", placed == null || placed.placed());
        out.put("placement", placed == null ? "model" : placed.placed() ? "content" : "none");
        ctx.status(created ? 201 : 200).contentType("application/json").result(out.toString());
    }

    /** An item's metadata from the store, or else from the data set; 404 when neither knows it. */
    private void getItem(Context ctx) {
        String itemId = pathId(ctx, "id", "item id");
        ObjectNode out = json.createObjectNode();
        out.put("item_id", itemId);
        java.util.Optional<ItemRecord> stored = store.item(itemId);
        ObjectNode attrs;
        if (stored.isPresent()) {
            ItemRecord r = stored.get();
            out.put("source", "store");
            out.put("title", r.title());
            out.put("text", r.text());
            attrs = out.putObject("attributes");
            r.categorical().forEach((k, v) -> {
                ArrayNode a = attrs.putArray(k);
                v.forEach(a::add);
            });
            r.numeric().forEach(attrs::put);
            out.put("has_image", r.image() != null);
            out.put("has_audio", r.audio() != null);
        } else {
            int i = state.base().itemIds().indexOf(itemId);
            if (i < 0) {
                throw ApiException.notFound("unknown item '" + itemId + "'");
            }
            ai.affinity.data.ItemContent c = state.base().items().get(i);
            out.put("source", "dataset");
            out.put("title", c.title());
            out.put("text", c.text());
            attrs = out.putObject("attributes");
            c.categorical().forEach((k, v) -> {
                ArrayNode a = attrs.putArray(k);
                v.forEach(a::add);
            });
            c.numeric().forEach(attrs::put);
            out.put("has_image", c.image() != null);
            out.put("has_audio", c.audio() != null);
        }
        ctx.contentType("application/json").result(out.toString());
    }

    private void putUser(Context ctx) {
        String userId = pathId(ctx, "id", "user id");
        JsonNode body = readJson(ctx);
        if (!body.isObject()) {
            throw ApiException.badRequest("body: expected a JSON object {\"attributes\": {...}}");
        }
        checkFields(body, Set.of("attributes"), "body");
        Map<String, List<String>> multi = new LinkedHashMap<>();
        Map<String, Double> numeric = new LinkedHashMap<>();
        parseAttributes(body.get("attributes"), multi, numeric, false);
        Map<String, String> categorical = new LinkedHashMap<>();
        multi.forEach((k, v) -> categorical.put(k, v.get(0)));
        boolean created = store.upsertUser(userId, categorical, numeric);
        ObjectNode out = json.createObjectNode();
        out.put("user_id", userId);
        out.put("created", created);
        ctx.status(created ? 201 : 200).contentType("application/json").result(out.toString());
    }

    /** attributes: name → string (categorical), number (numeric) or, for items, an array of strings. */
    private static void parseAttributes(JsonNode a, Map<String, List<String>> categorical, Map<String, Double> numeric,
                                        boolean allowLists) {
        if (a == null || a.isNull()) {
            return;
        }
        if (!a.isObject()) {
            throw ApiException.badRequest("attributes: expected an object of name → value");
        }
        Iterator<Map.Entry<String, JsonNode>> it = a.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = "attributes." + e.getKey();
            JsonNode v = e.getValue();
            if (v.isTextual()) {
                categorical.put(e.getKey(), List.of(v.asText()));
            } else if (v.isNumber() && Double.isFinite(v.asDouble())) {
                numeric.put(e.getKey(), v.asDouble());
            } else if (allowLists && v.isArray()) {
                List<String> vals = new ArrayList<>();
                for (JsonNode x : v) {
                    if (!x.isTextual()) {
                        throw ApiException.badRequest(where + ": expected an array of strings; got " + x);
                    }
                    vals.add(x.asText());
                }
                categorical.put(e.getKey(), vals);
            } else {
                throw ApiException.badRequest(where + ": expected a string, a finite number"
                        + (allowLists ? " or an array of strings" : "") + "; got " + v);
            }
        }
    }

    private void engagement(Context ctx) {
        LocalDate to = dateParam(ctx, "to", LocalDate.now(ZoneOffset.UTC));
        LocalDate from = dateParam(ctx, "from", to.minusDays(6));
        if (from.isAfter(to)) {
            throw ApiException.badRequest("query parameters: 'from' (" + from + ") is after 'to' (" + to + ")");
        }
        if (to.toEpochDay() - from.toEpochDay() + 1 > MAX_ENGAGEMENT_DAYS) {
            throw ApiException.badRequest("query parameters: at most " + MAX_ENGAGEMENT_DAYS + " days per request");
        }
        ObjectNode out = EngagementMetrics.json(store, json, from, to);
        ctx.contentType("application/json").result(out.toString());
    }

    private void health(Context ctx) {
        boolean storeOk = store.ping();
        ObjectNode out = json.createObjectNode();
        out.put("status", storeOk ? "ok" : "degraded");
        out.put("store", storeOk ? "ok" : "unreachable");
        out.put("store_kind", store.dialect().name().toLowerCase(java.util.Locale.ROOT));
        out.put("experiment", state.experiment().name());
        out.put("uptime_seconds", (System.currentTimeMillis() - startedMillis) / 1000);
        ObjectNode arms = out.putObject("arms");
        for (String arm : state.experiment().arms()) {
            ModelSnapshot s = state.snapshot(arm);
            ObjectNode a = arms.putObject(arm);
            a.put("spec", s.spec());
            a.put("model_version", s.version());
            a.put("items", s.model().numItems());
            a.put("users", s.userIds().size());
            a.put("events_through", s.eventsThrough());
            a.put("fitted_at", Instant.ofEpochMilli(s.fittedMillis()).toString());
            a.put("fit_seconds", s.fitSeconds());
            a.put("fit_kind", s.fitKind());
        }
        ctx.status(storeOk ? 200 : 503).contentType("application/json").result(out.toString());
    }

    /** What the dashboard shows besides engagement: store counts and the latest model versions. */
    private void dashboardData(Context ctx) {
        ObjectNode out = json.createObjectNode();
        out.put("experiment", state.experiment().name());
        out.put("store_kind", store.dialect().name().toLowerCase(java.util.Locale.ROOT));
        ArrayNode arms = out.putArray("arms");
        state.experiment().arms().forEach(arms::add);
        Store.Counts c = store.counts();
        ObjectNode counts = out.putObject("counts");
        counts.put("events", c.events());
        counts.put("items", c.items());
        counts.put("users", c.users());
        counts.put("model_versions", c.modelVersions());
        ArrayNode versions = out.putArray("model_versions");
        List<ai.affinity.server.store.ModelVersion> all = store.modelVersions();
        for (int i = all.size() - 1; i >= Math.max(0, all.size() - 20); i--) {
            ai.affinity.server.store.ModelVersion v = all.get(i);
            ObjectNode o = versions.addObject();
            o.put("arm", v.arm());
            o.put("version", v.version());
            o.put("spec", v.spec());
            o.put("events_through", v.eventsThrough());
            o.put("items", v.numItems());
            o.put("fit_seconds", v.fitSeconds());
            o.put("created", Instant.ofEpochMilli(v.createdMillis()).toString());
        }
        ctx.contentType("application/json").result(out.toString());
    }

    private void prometheus(Context ctx) {
        Map<String, Double> gauges = new LinkedHashMap<>();
        for (String arm : state.experiment().arms()) {
            ModelSnapshot s = state.snapshot(arm);
            String l = "{arm=\"" + ServerMetrics.escape(arm) + "\"}";
            gauges.put("affinity_model_version" + l, (double) s.version());
            gauges.put("affinity_model_items" + l, (double) s.model().numItems());
            gauges.put("affinity_model_events_through" + l, (double) s.eventsThrough());
            gauges.put("affinity_model_fit_seconds" + l, s.fitSeconds());
        }
        gauges.put("affinity_store_last_event_seq", (double) store.lastEventSeq());
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.render(gauges));
    }

    // ---- input helpers ----

    private JsonNode readJson(Context ctx) {
        byte[] raw = ctx.bodyAsBytes();
        if (raw.length == 0) {
            throw ApiException.badRequest("body: empty; expected JSON");
        }
        try {
            JsonNode n = json.readTree(raw);
            if (n == null || n.isMissingNode()) {
                throw ApiException.badRequest("body: empty; expected JSON");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("body: malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("body: unreadable: " + e.getMessage());
        }
    }

    private static void checkFields(JsonNode n, Set<String> allowed, String where) {
        Iterator<String> names = n.fieldNames();
        while (names.hasNext()) {
            String f = names.next();
            if (!allowed.contains(f)) {
                throw ApiException.badRequest(where + ": unknown field '" + f + "'; allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
    }

    private static String requiredId(JsonNode n, String field, String where, int maxLen) {
        String s = optionalId(n, field, where, maxLen);
        if (s == null) {
            throw ApiException.badRequest(where + "." + field + ": required, a non-empty string");
        }
        return s;
    }

    private static String optionalId(JsonNode n, String field, String where, int maxLen) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw ApiException.badRequest(where + "." + field + ": expected a non-empty string; got " + v);
        }
        checkId(v.asText(), where + "." + field, maxLen);
        return v.asText();
    }

    private static void checkId(String s, String where, int maxLen) {
        if (s.length() > maxLen) {
            throw ApiException.badRequest(where + ": longer than " + maxLen + " characters");
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                throw ApiException.badRequest(where + ": control characters are not allowed");
            }
        }
    }

    private static String optionalText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest(field + ": expected a string; got " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (v.asText().indexOf('\u0000') >= 0) {
            throw ApiException.badRequest(field + ": NUL characters are not allowed");
        }
        return v.asText();
    }

    private static byte[] base64(JsonNode n, String field) {
        String s = optionalText(n, field);
        if (s == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field + ": expected base64 bytes: " + e.getMessage());
        }
    }

    private static String pathId(Context ctx, String name, String what) {
        String s = ctx.pathParam(name);
        if (s.isEmpty()) {
            throw ApiException.badRequest(what + ": empty");
        }
        checkId(s, what, MAX_ID_LENGTH);
        return s;
    }

    private static int intParam(Context ctx, String name, int def, int min, int max) {
        String s = ctx.queryParam(name);
        if (s == null || s.isEmpty()) {
            return def;
        }
        int v;
        try {
            v = Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("query parameter '" + name + "': expected an integer; got '" + s + "'");
        }
        if (v < min || v > max) {
            throw ApiException.badRequest("query parameter '" + name + "': must be between " + min + " and " + max + "; got " + v);
        }
        return v;
    }

    private static boolean boolParam(Context ctx, String name, boolean def) {
        String s = ctx.queryParam(name);
        if (s == null || s.isEmpty()) {
            return def;
        }
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiException.badRequest("query parameter '" + name + "': expected true or false; got '" + s + "'");
        };
    }

    private static LocalDate dateParam(Context ctx, String name, LocalDate def) {
        String s = ctx.queryParam(name);
        if (s == null || s.isEmpty()) {
            return def;
        }
        try {
            return LocalDate.parse(s.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("query parameter '" + name + "': expected a date like 2026-03-01; got '" + s + "'");
        }
    }
}
