package io.lexhub.api;

import io.lexhub.access.Principal;
import io.lexhub.access.Scope;
import java.time.ZoneId;

/**
 * The signed-in person a page is rendered for: their name and roles for the header, the CSRF token every
 * form of the page carries, which pages the navigation offers them (the desk's and audit's), which
 * of its entries is the page, and the time zone their browser reported ({@link ViewerZone}, null
 * when it has not: the hub's zone then).
 */
public record Viewer(String id, String name, String roles, String csrf, boolean desk, boolean audit, String page, ZoneId zone) {

    /** The signed-in caller of a page (the gate set the principal, the session's CSRF token and the browser's zone), on the navigation entry {@code page}. */
    static Viewer of(org.apache.camel.Exchange exchange, io.lexhub.approval.ApproverDirectory directory, String page) {
        Principal p = Callers.principal(exchange);
        return of(p, directory.find(p.id()).orElse(null), exchange.getProperty(SignInPages.CSRF, String.class), page,
                exchange.getProperty(ViewerZone.PROPERTY, ZoneId.class));
    }

    static Viewer of(Principal p, io.lexhub.approval.Approver person, String csrf, String page, ZoneId zone) {
        String name = person == null ? p.id() : person.name();
        String roles = person == null ? "" : String.join(", ", person.roles());
        return new Viewer(p.id(), name, roles, csrf, p.has(Scope.DESK), p.has(Scope.AUDIT), page, zone);
    }

    /** The zone the page's times are shown in: the viewer's browser's, else the hub's. */
    public ZoneId zone(ZoneId hub) {
        return zone == null ? hub : zone;
    }

    /** {@code "page"} for the navigation entry of the page shown (aria-current), null for the others (no attribute). */
    public String current(String entry) {
        return entry.equals(page) ? "page" : null;
    }
}
