package io.lexhub.api;

import io.lexhub.access.Principal;
import io.lexhub.pipeline.approval.DecisionCommand;
import io.lexhub.pipeline.approval.DecisionOutcome;
import io.lexhub.pipeline.DecisionRefusedException;
import io.lexhub.pipeline.approval.DecisionLinks;
import io.lexhub.pipeline.approval.DecisionLinkChecks;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The pages behind the decision links mailed to approvers. GET only shows a confirmation form
 * (mail scanners prefetch links, so opening must not decide); the form's POST decides.
 */
public final class MailDecisionPages {

    private final DecisionLinkChecks links;

    public MailDecisionPages(DecisionLinkChecks links) {
        this.links = links;
    }

    /** GET /api/requests/{reference}/mail-decisions/{token}. */
    public void confirm(Exchange exchange) {
        String ref = exchange.getMessage().getHeader("reference", String.class);
        DecisionLinkChecks.LinkCheck check = links.checkLink(ref, exchange.getMessage().getHeader("token", String.class));
        if (!check.usable()) {
            Pages.message(exchange, 403, "Link refused", List.of(check.refusal(), "Nothing was decided."), false);
            return;
        }
        Pages.page(exchange, 200, form(ref, check, "", "", Map.of()));
    }

    /** The confirmation form (decision.jte), with what was typed and the problems when a submit was incomplete. */
    private String form(String ref, DecisionLinkChecks.LinkCheck check, String rationale, String conditions, Map<String, String> problems) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("reference", ref);
        model.put("approve", "APPROVE".equals(check.token().action()));
        model.put("level", check.token().level());
        model.put("rationale", rationale);
        model.put("conditions", conditions);
        model.put("errors", problems);
        return Pages.render("decision.jte", model);
    }

    /** POST from the confirmation page: a decision command for direct:decide, or a refusal page. */
    public DecisionCommand command(Exchange exchange) {
        String ref = exchange.getMessage().getHeader("reference", String.class);
        String token = exchange.getMessage().getHeader("token", String.class);
        DecisionLinkChecks.LinkCheck check = links.checkLink(ref, token);
        if (!check.usable()) throw new DecisionRefusedException(List.of(check.refusal()));
        // platform-http hands form fields over as headers; a raw body is parsed as a fallback
        Map<String, String> form = form(exchange.getMessage().getBody(String.class));
        for (String field : List.of("rationale", "conditions")) {
            String value = exchange.getMessage().getHeader(field, String.class);
            if (value != null) form.put(field, value);
        }
        String rationale = form.getOrDefault("rationale", "");
        List<String> conditions = Arrays.stream(form.getOrDefault("conditions", "").split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        // what the workflow would refuse (DecideOnLevel#decide) is shown on the form again, beside the field, with what was typed
        Map<String, String> problems = new LinkedHashMap<>();
        if (rationale.isBlank()) problems.put("rationale", "Enter a rationale for your decision");
        else if (rationale.length() > 5000) problems.put("rationale", "The rationale must be 5000 characters or fewer");
        if (conditions.size() > 20 || conditions.stream().anyMatch(c -> c.length() > 1000)) {
            problems.put("conditions", "Give at most 20 conditions, each of 1000 characters or fewer");
        }
        if (!problems.isEmpty()) throw new Incomplete(form(ref, check, rationale, form.getOrDefault("conditions", ""), problems));
        DecisionCommand.Action action = "APPROVE".equals(check.token().action()) ? DecisionCommand.Action.APPROVE : DecisionCommand.Action.DENY;
        String tokenHash = DecisionLinks.hash(token);
        return new DecisionCommand(ref, check.token().approverId(), null, action, rationale, conditions, "mail-link", tokenHash,
                Principal.MAIL_LINK + ":" + check.token().approverId() + "(" + tokenHash.substring(0, 12) + ")");
    }

    /** A submit the workflow would refuse as it stands: the form again, with the error summary (nothing decided). */
    static final class Incomplete extends IllegalArgumentException {
        final String page;

        Incomplete(String page) {
            super("the decision form is incomplete");
            this.page = page;
        }
    }

    public void decided(Exchange exchange) {
        DecisionOutcome o = exchange.getMessage().getBody(DecisionOutcome.class);
        Pages.message(exchange, 200, "Decision recorded", List.of("Thank you. Your decision on " + o.reference() + " is recorded: "
                + o.result() + ".", "The request is now " + o.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "."), false);
    }

    public void failed(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (e instanceof Incomplete incomplete) {
            Pages.page(exchange, 400, incomplete.page);
            return;
        }
        if (io.lexhub.store.DatabaseUnavailableException.in(e)) {
            Pages.message(exchange, 503, "Not recorded yet", List.of("The hub cannot reach its database just now. Nothing was decided; "
                    + "please try the link again in a few minutes."), false);
            exchange.getMessage().setHeader("Retry-After", String.valueOf(Unavailable.RETRY_AFTER_SECONDS));
            return;
        }
        String text = e instanceof DecisionRefusedException r ? String.join(" ", r.reasons()) : e.getMessage();
        Pages.message(exchange, e instanceof IllegalArgumentException ? 400 : 403, "Not recorded", List.of(text, "Nothing was decided."), false);
    }

    static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        if (body == null) return out;
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) continue;
            try {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // a malformed escape ("100%"): that field is not read, the others are
            }
        }
        return out;
    }
}
