package io.lexhub.api;

import io.lexhub.access.Principal;

/**
 * Who a portal page is rendered for (docs/portal.md): the customer's address, or the account manager
 * acting on behalf of a customer (every page says so), the organisation's name, the CSRF token of the
 * sign-out form, and which navigation entry is the page.
 */
public record PortalViewer(String who, String organisation, boolean onBehalf, boolean confirmed, String csrf, String page) {

    static PortalViewer of(Principal p, String staffName, String organisation, String csrf, String page) {
        boolean confirmed = p.customer() != null && p.customer().state().seesOrganisation();
        return new PortalViewer(p.onBehalf() ? staffName : p.id(), organisation, p.onBehalf(), confirmed, csrf, page);
    }

    /** {@code "page"} for the navigation entry of the page shown (aria-current), null for the others. */
    public String current(String entry) {
        return entry.equals(page) ? "page" : null;
    }
}
