package io.lexhub.api;

import io.lexhub.access.Principal;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.model.Submitter;
import io.lexhub.intake.RawSubmission;
import io.lexhub.model.ApprovalLevel;
import io.lexhub.intake.IntakeCase;
import io.lexhub.intake.IntakeOutcome;
import io.lexhub.pipeline.intake.UnreadableInputException;
import io.lexhub.store.IdempotencyConflictException;
import io.lexhub.store.RequestStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;

/** REST handlers for /api/requests. */
public final class RequestsApi {

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final Pattern REFERENCE = Pattern.compile("EXC-\\d{4}-\\d{6,}");
    private static final int RETRY_AFTER_SECONDS = 5;

    private final RequestStore requests;
    private final Clock clock;
    private final int maxBytes;
    private final io.lexhub.store.Tx tx;
    private final ApproverDirectory directory;

    /** @param tx when given, the view shows the waiver's utilisation findings (overage, underuse) */
    public RequestsApi(RequestStore requests, Clock clock, int maxBytes, io.lexhub.store.Tx tx, ApproverDirectory directory) {
        this.requests = requests;
        this.clock = clock;
        this.maxBytes = maxBytes;
        this.tx = tx;
        this.directory = directory;
    }

    /**
     * POST /api/requests: the body is the request document (JSON or YAML). An Idempotency-Key
     * header, or clientRequestId in the document, makes a retried call return the same request.
     */
    public RawSubmission submission(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        String key = exchange.getMessage().getHeader("Idempotency-Key", String.class);
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("Idempotency-Key must be 1-100 characters of A-Z a-z 0-9 . _ : -");
        }
        if (body != null && body.length > maxBytes) {
            throw new IllegalArgumentException("the request document is larger than " + maxBytes + " bytes");
        }
        return new RawSubmission(RawSubmission.API, key == null ? null : "client:" + key, null, contentType,
                body == null ? new byte[0] : body, clock.instant(), submitter(Callers.principal(exchange)));
    }

    /**
     * Who submitted, as the key proved it: an approver's key names them (so they may not approve
     * what they submitted), a system's key its name, a system's access token its client id. Never
     * taken from the document.
     */
    private Submitter submitter(Principal p) {
        // a client id at the provider is no person of approvers.yaml, whatever it is called
        if (Principal.OAUTH2.equals(p.method())) return new Submitter("oauth2:" + p.id(), null, p.id(), "access token " + p.credentialId());
        String how = "API key " + p.credentialId();
        return directory.find(p.id()).map(a -> new Submitter("approver:" + a.id(), a.email(), a.name(), how))
                .orElseGet(() -> new Submitter("api-key:" + p.id(), null, p.id(), how));
    }

    /** 201 with the new request, or 200 with the existing one for a repeated submission. */
    public void submitted(Exchange exchange) {
        IntakeOutcome outcome = exchange.getMessage().getBody(IntakeOutcome.class);
        Map<String, Object> reply = summary(outcome);
        Responses.json(exchange, outcome.duplicate() ? 200 : 201, reply);
        exchange.getMessage().setHeader("Location", "/api/requests/" + outcome.reference());
    }

    /** 400 with every problem, for a document that is not a readable request at all. */
    public void unreadable(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (caught instanceof UnreadableInputException u) {
            Map<String, Object> more = new LinkedHashMap<>();
            more.put("problems", u.problems());
            more.put("quarantineId", u.quarantineId());
            Responses.problem(exchange, 400, Responses.INVALID_REQUEST, "the request document could not be read", more);
        } else {
            Responses.problem(exchange, 400, caught == null ? "bad request" : caught.getMessage());
        }
    }

    /**
     * 503 while the database cannot be reached. The request may or may not be stored (a commit
     * can succeed while its answer is lost), so the client retries with the same key and gets
     * the one request either way.
     */
    public void unavailable(Exchange exchange) {
        Responses.problem(exchange, 503, Responses.DATABASE_UNAVAILABLE, "the database is unavailable: retry in a few seconds with the same "
                + "document and Idempotency-Key (a retry never creates a second request)", Map.of("retryAfterSeconds", RETRY_AFTER_SECONDS));
        exchange.getMessage().setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
    }

    /** 409 when a client request id comes back with a different document. */
    public void idConflict(Exchange exchange) {
        IdempotencyConflictException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, IdempotencyConflictException.class);
        Responses.problem(exchange, 409, Responses.IDEMPOTENCY_CONFLICT, e.getMessage(), Map.of("href", "/api/requests/" + e.reference()));
    }

    /** GET /api/requests/{reference}. */
    public void get(Exchange exchange) {
        String ref = exchange.getMessage().getHeader("reference", String.class);
        if (ref == null || !REFERENCE.matcher(ref).matches()) {
            Responses.problem(exchange, 400, "a reference looks like EXC-2026-000123");
            return;
        }
        requests.view(ref).ifPresentOrElse(
                v -> {
                    if (tx != null) {
                        var flags = tx.read(c -> io.lexhub.store.UsageStore.flags(c, ref));
                        if (!flags.isEmpty()) v.put("utilisation", flags);
                    }
                    Responses.json(exchange, 200, v);
                },
                () -> Responses.problem(exchange, 404, "no request " + ref));
    }

    private static Map<String, Object> summary(IntakeOutcome o) {
        IntakeCase c = o.intakeCase();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("reference", o.reference());
        s.put("state", o.state());
        s.put("duplicate", o.duplicate());
        if (!o.duplicate()) {
            s.put("issues", c.validation().issues());
            if (c.accepted()) {
                s.put("track", c.triage().track());
                s.put("riskScore", c.risk().score());
                s.put("riskLevel", c.risk().level());
                s.put("tier", c.route().tier());
                List<String> roles = c.route().levels().stream().map(ApprovalLevel::role).toList();
                s.put("approvers", roles);
            }
        }
        s.put("href", "/api/requests/" + o.reference());
        return s;
    }
}
