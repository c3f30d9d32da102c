package io.lexhub.api;

import io.lexhub.access.Principal;

/**
 * The signed-in person a page is rendered for: their name and roles for the header, the CSRF token every
 * form of the page carries, and which entry of the navigation is the page.
 */
public record Viewer(String id, String name, String roles, String csrf, String page) {

    static Viewer of(Principal p, io.lexhub.approval.Approver person, String csrf, String page) {
        String name = person == null ? p.id() : person.name();
        String roles = person == null ? "" : String.join(", ", person.roles());
        return new Viewer(p.id(), name, roles, csrf, page);
    }

    /** {@code "page"} for the navigation entry of the page shown (aria-current), null for the others (no attribute). */
    public String current(String entry) {
        return entry.equals(page) ? "page" : null;
    }
}
