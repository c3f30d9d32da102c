package io.lexhub.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The pages' stylesheets and their one script, served from the jar (architecture rule 15: no CDN): Pico CSS (the
 * classless build of the webjar org.webjars.npm:picocss__pico, whose version is in the path so a
 * new one is a new address) and lexhub.css, the hub's few additions. Fixed paths only (no file name
 * from the request), read once at start: a missing file stops the hub instead of breaking pages.
 * The routes are in routes/page-assets.camel.yaml, declared public.
 */
public final class PageAssets {

    /** The Pico CSS version, as in pom.xml (pico.version) and the layout's link (src/main/jte/layout.jte). */
    public static final String PICO_VERSION = "2.1.1";
    static final String PICO = "META-INF/resources/webjars/picocss__pico/" + PICO_VERSION + "/css/pico.classless.min.css";
    static final String SITE = "pages/assets/lexhub.css";
    /** The pages' one script: the browser's time zone into a cookie, the page's times rewritten in it ({@link ViewerZone}). */
    static final String ZONE = "pages/assets/zone.js";

    private final byte[] pico = read(PICO);
    private final byte[] site = read(SITE);
    private final byte[] zone = read(ZONE);

    /** GET /assets/pico-2.1.1/pico.classless.min.css. */
    public void pico(Exchange exchange) {
        css(exchange, pico);
    }

    /** GET /assets/lexhub.css. */
    public void site(Exchange exchange) {
        css(exchange, site);
    }

    /** GET /assets/zone.js. */
    public void zone(Exchange exchange) {
        file(exchange, zone, "text/javascript; charset=utf-8");
    }

    private static void css(Exchange exchange, byte[] body) {
        file(exchange, body, "text/css; charset=utf-8");
    }

    private static void file(Exchange exchange, byte[] body, String type) {
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        m.setHeader(Exchange.CONTENT_TYPE, type);
        m.setHeader("X-Content-Type-Options", "nosniff");
        m.setBody(body);
    }

    private static byte[] read(String resource) {
        try (InputStream in = PageAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("the pages' file " + resource + " is not on the classpath");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
