package io.lexhub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.access.ApiKeys;
import io.lexhub.access.Principal;
import io.lexhub.access.Scope;
import io.lexhub.store.KeyStore;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;

/**
 * /api/keys for an admin: list, issue and revoke the API keys of systems (service desk, CRM,
 * metrics scraper). A key issued here has only system scopes and always expires; it is shown once.
 */
public final class KeysApi {

    /** What an integration does; a person's scopes come from signing in or the console. */
    static final Set<Scope> SYSTEM_SCOPES = EnumSet.of(Scope.INTAKE, Scope.USAGE, Scope.BILLING, Scope.METRICS);
    static final int DEFAULT_DAYS = 90;
    static final int MAX_DAYS = 365;
    private static final Pattern KEY_ID = Pattern.compile("ak_[0-9a-f]{16}");

    private final ApiKeys keys;
    private final Clock clock;

    public KeysApi(ApiKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** GET /api/keys: every key's id, owner, scopes, label, dates and state; never a key. */
    public void list(Exchange exchange) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Responses.json(exchange, 200, keys.list().stream().map(k -> view(k, now)).toList());
    }

    /** POST /api/keys: {"owner", "scopes": ["intake"], "label", "days"}; 201 with the key, shown this once. */
    public void issue(Exchange exchange) {
        Principal admin = Callers.principal(exchange);
        JsonNode body = Callers.jsonBody(exchange);
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        if (!body.path("scopes").isArray() || body.path("scopes").isEmpty()) throw new IllegalArgumentException("scopes is a list, e.g. [\"intake\"]");
        for (JsonNode s : body.path("scopes")) scopes.add(Scope.of(s.asText()));
        if (!SYSTEM_SCOPES.containsAll(scopes)) {
            throw new IllegalArgumentException("keys issued over the API hold system scopes only (" + Scope.list(SYSTEM_SCOPES)
                    + "); a person's key (approver, desk, audit, admin) is issued at the host with lexhub key issue");
        }
        int days = body.path("days").asInt(DEFAULT_DAYS);
        if (days < 1 || days > MAX_DAYS) throw new IllegalArgumentException("days is 1 to " + MAX_DAYS);
        ApiKeys.Issued k = keys.issue(body.path("owner").asText(null), scopes, body.path("label").asText(null),
                OffsetDateTime.now(clock).plusDays(days), admin.actor());
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("keyId", k.keyId());
        reply.put("key", k.key());
        reply.put("scopes", Scope.list(scopes));
        reply.put("note", "the key is shown this once; only its hash is stored");
        Responses.json(exchange, 201, reply);
    }

    /** POST /api/keys/{id}/revocation: {"reason"}; any key, a person's too (a leaver's). */
    public void revoke(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        if (id == null || !KEY_ID.matcher(id).matches()) throw new IllegalArgumentException("a key id looks like ak_0123456789abcdef");
        String body = exchange.getMessage().getBody(String.class);
        exchange.getMessage().setBody(body);   // read once: the request stream is not read twice
        String reason = body == null || body.isBlank() ? null : Callers.jsonBody(exchange).path("reason").asText(null);
        if (!keys.revoke(id, Callers.principal(exchange).actor(), reason)) {
            Responses.problem(exchange, 404, "no live key " + id);
            return;
        }
        Responses.json(exchange, 200, Map.of("keyId", id, "state", "revoked"));
    }

    private static Map<String, Object> view(KeyStore.KeyRow k, OffsetDateTime now) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("keyId", k.keyId());
        v.put("owner", k.owner());
        v.put("scopes", k.scopes());
        v.put("label", k.label());
        v.put("createdAt", k.createdAt().toInstant().toString());
        if (k.expiresAt() != null) v.put("expiresAt", k.expiresAt().toInstant().toString());
        v.put("state", k.revokedAt() != null ? "revoked" : k.expiresAt() != null && !k.expiresAt().isAfter(now) ? "expired" : "live");
        return v;
    }
}
