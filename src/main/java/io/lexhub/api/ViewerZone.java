package io.lexhub.api;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The time zone a person's browser runs in, so the workspace shows times in the viewer's zone
 * (issue 20). Pages are rendered on the server, which cannot know it; /assets/zone.js, the pages'
 * one script, reads it from the browser (Intl) into the cookie {@value #COOKIE}, and the gate
 * passes it to the page handlers. Only a region id of the JDK's time-zone database is taken
 * ("Europe/Berlin"); anything else is ignored and the page shows the hub's zone, as it does for a
 * browser without script. The cookie only changes how times are written, never what is shown.
 */
final class ViewerZone {

    static final String COOKIE = "lexhub_tz";
    /** The exchange property the gate sets for the page handlers ({@link Viewer#of}). */
    static final String PROPERTY = "lexhub.viewer-zone";

    private static final Pattern REGION = Pattern.compile("[A-Za-z][A-Za-z0-9_+-]{0,30}(/[A-Za-z0-9_+-]{1,30}){0,2}");
    private static final Set<String> KNOWN = ZoneId.getAvailableZoneIds();

    private ViewerZone() {}

    /** The zone the cookie names, null when it names none the hub knows. */
    static ZoneId of(String cookie) {
        if (cookie == null) return null;
        String id = cookie.replace("%2F", "/").replace("%2f", "/");
        if (!REGION.matcher(id).matches() || !KNOWN.contains(id)) return null;
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
