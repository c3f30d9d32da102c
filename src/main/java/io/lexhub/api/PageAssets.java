package io.lexhub.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The pages' stylesheets, served from the jar (architecture rule 15: no CDN): Pico CSS (the
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

    private final byte[] pico = read(PICO);
    private final byte[] site = read(SITE);

    /** GET /assets/pico-2.1.1/pico.classless.min.css. */
    public void pico(Exchange exchange) {
        css(exchange, pico);
    }

    /** GET /assets/lexhub.css. */
    public void site(Exchange exchange) {
        css(exchange, site);
    }

    private static void css(Exchange exchange, byte[] body) {
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        m.setHeader(Exchange.CONTENT_TYPE, "text/css; charset=utf-8");
        m.setHeader("X-Content-Type-Options", "nosniff");
        m.setBody(body);
    }

    private static byte[] read(String resource) {
        try (InputStream in = PageAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("the pages' stylesheet " + resource + " is not on the classpath");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
