package io.lexhub.api;

import io.lexhub.access.OnBehalf;
import io.lexhub.access.Sessions;
import io.lexhub.approval.ApproverDirectory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Account managers open the portal on behalf of a customer (docs/portal.md): a staff page (GET and
 * POST /on-behalf, declared {@code account-manager}: a staff session of someone holding an account-manager
 * role) lists the customers; the POST opens a portal session of its own for the one picked and sends
 * the browser to the portal, where every page says on whose behalf they act.
 */
public final class OnBehalfPages {

    private static final Logger LOG = LoggerFactory.getLogger("lexhub.access");

    private final OnBehalf onBehalf;
    private final Supplier<Map<String, String>> customers;
    private final ApproverDirectory directory;
    private final boolean secureCookies;

    /** @param customers the customers one may pick: id -> name */
    public OnBehalfPages(OnBehalf onBehalf, Supplier<Map<String, String>> customers, ApproverDirectory directory, String publicUrl) {
        this.onBehalf = onBehalf;
        this.customers = customers;
        this.directory = directory;
        this.secureCookies = publicUrl.toLowerCase(Locale.ROOT).startsWith("https:");
    }

    /** GET /on-behalf. */
    public void form(Exchange exchange) {
        Pages.page(exchange, 200, page(exchange, null));
    }

    /** POST /on-behalf: a portal session for the customer picked, or the form again with the error. */
    public void open(Exchange exchange) {
        String customer = Pages.fields(exchange, List.of("customer")).get("customer");
        String address = exchange.getProperty(SignInPages.ADDRESS, "unknown", String.class);
        Sessions.Opened session;
        try {
            session = onBehalf.open(Callers.principal(exchange), customer, address);
        } catch (IllegalArgumentException e) {
            Pages.page(exchange, 400, page(exchange, e.getMessage()));
            return;
        }
        LOG.info("{} opened the portal on behalf of {} (session {})", Callers.principal(exchange).id(), customer.strip(), session.sessionId());
        Pages.headersOnly(exchange, 303);
        exchange.getMessage().setHeader("Location", "/portal/requests");
        exchange.getMessage().setHeader("Set-Cookie", List.of(Pages.cookie(Sessions.PORTAL_COOKIE, session.secret(), "/portal", -1, secureCookies)));
        exchange.getMessage().setBody("");
    }

    private String page(Exchange exchange, String error) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("viewer", Viewer.of(exchange, directory, "on-behalf"));
        model.put("customers", customers.get());
        model.put("error", error);
        return Pages.render("on-behalf.jte", model);
    }
}
