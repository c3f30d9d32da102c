package io.lexhub.api;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The hub's few HTML answers (decision-link pages): all other headers dropped first, then the
 * headers that keep a page to itself: no script, no framing, no sniffing, no Referer carrying a
 * link's token. (Cache-Control: no-store is added to every answer by the HTTP server, as Camel's
 * header filter drops it here.)
 */
final class Pages {
    private Pages() {}

    static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    static void html(Exchange exchange, int status, String title, String bodyHtml) {
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        m.setHeader("Content-Security-Policy", CSP);
        m.setHeader("X-Content-Type-Options", "nosniff");
        m.setHeader("X-Frame-Options", "DENY");
        m.setHeader("Referrer-Policy", "no-referrer");
        m.setBody("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title></head><body><main><h1>"
                + esc(title) + "</h1>" + bodyHtml + "</main></body></html>");
    }

    /** A whole page rendered from a template (src/main/resources/pages), with the same headers. */
    static void page(Exchange exchange, int status, String html) {
        headersOnly(exchange, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        exchange.getMessage().setBody(html);
    }

    /** All other headers dropped, then the status and the headers every page answer carries (redirects too). */
    static void headersOnly(Exchange exchange, int status) {
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader("Content-Security-Policy", CSP);
        m.setHeader("X-Content-Type-Options", "nosniff");
        m.setHeader("X-Frame-Options", "DENY");
        m.setHeader("Referrer-Policy", "no-referrer");
    }

    /** A cookie of the hub's pages: HttpOnly, SameSite=Lax, Secure on https. {@code maxAge} -1: until the browser closes; 0: delete it. */
    static String cookie(String name, String value, String path, long maxAge, boolean secure) {
        return name + "=" + value + "; Path=" + path + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "") + (maxAge >= 0 ? "; Max-Age=" + maxAge : "");
    }

    /** A page template of src/main/resources/pages, every {{value}} HTML-escaped. */
    static String render(com.github.mustachejava.Mustache template, java.util.Map<String, Object> model) {
        java.io.StringWriter out = new java.io.StringWriter();
        template.execute(out, model);
        return out.toString();
    }

    static String esc(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
