package io.lexhub.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lexhub.intake.RawSubmission;
import io.lexhub.model.RequestState;
import io.lexhub.pipeline.intake.AmendTerms;
import io.lexhub.intake.IntakeCase;
import io.lexhub.pipeline.intake.IntakeSteps;
import io.lexhub.pipeline.UnknownRequestException;
import io.lexhub.model.Json;
import io.lexhub.store.RequestStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * POST /api/requests/{reference}/amendments: {"rationale", "terms", optionally "justification"
 * and "revenueImpact"}. The new terms replace the old ones and are assessed like a new request;
 * if they are not acceptable nothing changes (422 with every issue).
 */
public final class AmendmentsApi {

    private final RequestStore requests;
    private final IntakeSteps steps;
    private final AmendTerms amendments;
    /** numbers stay as written (a double would turn 1e-400000 into 0) so the request parser bounds them */
    private static final ObjectReader EXACT = Json.MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private final Clock clock;

    public AmendmentsApi(RequestStore requests, IntakeSteps steps, AmendTerms amendments, Clock clock) {
        this.requests = requests;
        this.steps = steps;
        this.amendments = amendments;
        this.clock = clock;
    }

    public void amend(Exchange exchange) {
        String ref = exchange.getMessage().getHeader("reference", String.class);
        JsonNode body;
        try {
            body = EXACT.readTree(exchange.getMessage().getBody(String.class));
        } catch (Exception e) {
            throw new IllegalArgumentException("the body must be a JSON object with rationale and terms");
        }
        if (body == null || !body.isObject() || !body.path("terms").isObject() || body.path("rationale").asText("").isBlank()) {
            throw new IllegalArgumentException("an amendment needs a rationale and the new terms object");
        }
        RequestStore.Stored stored = requests.find(ref).orElseThrow(() -> new UnknownRequestException(ref));
        ObjectNode doc;
        try {
            doc = (ObjectNode) EXACT.readTree(stored.requestJson());
        } catch (Exception e) {
            throw new IllegalStateException("stored request " + ref + " is unreadable", e);
        }
        doc.set("terms", body.get("terms"));
        for (String field : List.of("justification", "revenueImpact")) if (body.has(field)) doc.set(field, body.get(field));
        byte[] document = Json.write(doc).getBytes(StandardCharsets.UTF_8);
        IntakeCase amended = steps.reassess(steps.normalise(new RawSubmission(RawSubmission.API, "amendment:" + ref, null,
                "application/json", document, clock.instant())), ref);
        if (!amended.accepted()) {
            Responses.problem(exchange, 422, Responses.INVALID_REQUEST, "the amended request is not acceptable; nothing was changed",
                    Map.of("issues", amended.validation().issues()));
            return;
        }
        RequestState state = amendments.amend(ref, amended, body.get("rationale").asText().strip(), Callers.principal(exchange).actor());
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("reference", ref);
        reply.put("state", state);
        reply.put("result", "terms amended; earlier approvals are void and the approval chain restarted");
        reply.put("riskScore", amended.risk().score());
        reply.put("tier", amended.route().tier());
        reply.put("href", "/api/requests/" + ref);
        Responses.json(exchange, 200, reply);
    }
}
