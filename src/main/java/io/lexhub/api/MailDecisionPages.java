package io.lexhub.api;

import io.lexhub.access.Principal;
import io.lexhub.pipeline.DecisionCommand;
import io.lexhub.pipeline.DecisionOutcome;
import io.lexhub.pipeline.DecisionRefusedException;
import io.lexhub.pipeline.DecisionLinks;
import io.lexhub.pipeline.Decisions;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The pages behind the decision links mailed to approvers. GET only shows a confirmation form
 * (mail scanners prefetch links, so opening must not decide); the form's POST decides.
 */
public final class MailDecisionPages {

    private final Decisions decisions;

    public MailDecisionPages(Decisions decisions) {
        this.decisions = decisions;
    }

    /** GET /api/requests/{reference}/mail-decisions/{token}. */
    public void confirm(Exchange exchange) {
        String ref = exchange.getMessage().getHeader("reference", String.class);
        Decisions.LinkCheck check = decisions.checkLink(ref, exchange.getMessage().getHeader("token", String.class));
        if (!check.usable()) {
            page(exchange, 403, "Link refused", "<p>" + esc(check.refusal()) + "</p><p>Nothing was decided.</p>");
            return;
        }
        boolean approve = "APPROVE".equals(check.token().action());
        page(exchange, 200, (approve ? "Approve " : "Deny ") + ref,
                "<p>You are about to <strong>" + (approve ? "approve" : "deny") + "</strong> license exception " + esc(ref)
                        + " at level " + check.token().level() + ".</p>"
                        + "<form method=\"post\">"
                        + "<p><label>Rationale (required)<br><textarea name=\"rationale\" rows=\"5\" cols=\"70\" required></textarea></label></p>"
                        + (approve ? "<p><label>Conditions, one per line (optional)<br><textarea name=\"conditions\" rows=\"4\" cols=\"70\"></textarea></label></p>" : "")
                        + "<p><button type=\"submit\">Confirm: " + (approve ? "approve" : "deny") + "</button></p></form>");
    }

    /** POST from the confirmation page: a decision command for direct:decide, or a refusal page. */
    public DecisionCommand command(Exchange exchange) {
        String ref = exchange.getMessage().getHeader("reference", String.class);
        String token = exchange.getMessage().getHeader("token", String.class);
        Decisions.LinkCheck check = decisions.checkLink(ref, token);
        if (!check.usable()) throw new DecisionRefusedException(List.of(check.refusal()));
        // platform-http hands form fields over as headers; a raw body is parsed as a fallback
        Map<String, String> form = form(exchange.getMessage().getBody(String.class));
        for (String field : List.of("rationale", "conditions")) {
            String value = exchange.getMessage().getHeader(field, String.class);
            if (value != null) form.put(field, value);
        }
        List<String> conditions = Arrays.stream(form.getOrDefault("conditions", "").split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        DecisionCommand.Action action = "APPROVE".equals(check.token().action()) ? DecisionCommand.Action.APPROVE : DecisionCommand.Action.DENY;
        String tokenHash = DecisionLinks.hash(token);
        return new DecisionCommand(ref, check.token().approverId(), null, action, form.get("rationale"), conditions, "mail-link", tokenHash,
                Principal.MAIL_LINK + ":" + check.token().approverId() + "(" + tokenHash.substring(0, 12) + ")");
    }

    public void decided(Exchange exchange) {
        DecisionOutcome o = exchange.getMessage().getBody(DecisionOutcome.class);
        page(exchange, 200, "Decision recorded", "<p>Thank you. Your decision on " + esc(o.reference()) + " is recorded: "
                + esc(o.result()) + ".</p><p>The request is now " + esc(o.state().name()) + ".</p>");
    }

    public void failed(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (io.lexhub.store.DatabaseUnavailableException.in(e)) {
            page(exchange, 503, "Not recorded yet", "<p>The hub cannot reach its database just now. Nothing was decided; "
                    + "please try the link again in a few minutes.</p>");
            exchange.getMessage().setHeader("Retry-After", String.valueOf(Unavailable.RETRY_AFTER_SECONDS));
            return;
        }
        String text = e instanceof DecisionRefusedException r ? String.join(" ", r.reasons()) : e.getMessage();
        page(exchange, e instanceof IllegalArgumentException ? 400 : 403, "Not recorded", "<p>" + esc(text) + "</p><p>Nothing was decided.</p>");
    }

    private static void page(Exchange exchange, int status, String title, String body) {
        Pages.html(exchange, status, title, body);
    }

    static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        if (body == null) return out;
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) continue;
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    static String esc(String s) {
        return Pages.esc(s);
    }
}
