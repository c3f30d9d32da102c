package io.lexhub.api;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The hub's HTML answers: every page is a jte template of src/main/jte that calls the one layout
 * (layout.jte: header with the product name and the signed-in person's navigation, main, footer;
 * Pico CSS and lexhub.css from the jar, {@link PageAssets}). The templates are compiled with the
 * code, and jte escapes every {@code ${value}} for the place it stands in: text, attribute, URL
 * attribute (architecture rule 15). All other
 * headers are dropped first, then the headers that keep a page to itself: script and styles only
 * from the hub's own files (no inline script), no framing, no sniffing, no Referer carrying a link's token. (Cache-Control:
 * no-store is added to every answer by the HTTP server, as Camel's header filter drops it here.)
 */
final class Pages {
    private Pages() {}

    /**
     * Script only from the hub's own files (one: /assets/zone.js, never inline); styles only from the hub's own files; images from the hub or data: URIs (Pico
     * CSS draws its form icons - the invalid field's mark, a select's chevron, a checkbox's tick - as
     * data: SVG backgrounds; an image cannot run script); forms post only to the hub.
     */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /** The templates compiled with the code (target/generated-sources/jte), HTML mode: context-aware escaping. */
    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);

    /** A page with a title, paragraphs of text and, when {@code signIn}, a link to sign in: refusals, confirmations, errors. */
    static void message(Exchange exchange, int status, String title, List<String> paragraphs, boolean signIn) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("title", title);
        model.put("paragraphs", paragraphs);
        model.put("signIn", signIn);
        page(exchange, status, render("message.jte", model));
    }

    /** A whole page rendered from a template (src/main/jte), with the same headers. */
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

    /** Where a person was going when the hub sent them to sign in: they land there once signed in. */
    static final String NEXT_COOKIE = "lexhub_next";

    private static final java.util.regex.Pattern LOCAL_PAGE = java.util.regex.Pattern.compile("/(?!/)[A-Za-z0-9/_.~-]{0,200}(\\?[A-Za-z0-9=&%_.~-]{0,300})?");

    /**
     * {@code next} if it is a page of this hub (a path and query of plain characters, not
     * "//host", no "..", not the sign-in pages), else "/": a cookie or a link cannot send anyone elsewhere.
     */
    static String localPage(String next) {
        if (next == null || !LOCAL_PAGE.matcher(next).matches() || next.contains("..") || next.startsWith("/sign-in") || next.startsWith("/auth/")) return "/";
        return next;
    }

    /** A cookie of the hub's pages: HttpOnly, SameSite=Lax, Secure on https. {@code maxAge} -1: until the browser closes; 0: delete it. */
    static String cookie(String name, String value, String path, long maxAge, boolean secure) {
        return name + "=" + value + "; Path=" + path + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "") + (maxAge >= 0 ? "; Max-Age=" + maxAge : "");
    }

    /**
     * The named fields of a posted form: platform-http gives a form's fields as headers, and the
     * body is read too (whichever has a field wins in that order). Absent fields are left out.
     */
    static Map<String, String> fields(Exchange exchange, List<String> names) {
        Map<String, String> posted = null;
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : names) {
            String value = exchange.getMessage().getHeader(name, String.class);
            if (value == null) {
                if (posted == null) posted = posted(exchange.getMessage().getBody());
                value = posted.get(name);
            }
            if (value != null) out.put(name, value);
        }
        return out;
    }

    /** A form's body: platform-http hands a urlencoded form over as a map (its fields also as headers), other bodies as text. */
    private static Map<String, String> posted(Object body) {
        if (body instanceof Map<?, ?> map) {
            Map<String, String> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                Object one = v instanceof List<?> list ? (list.isEmpty() ? null : list.get(0)) : v;
                if (k != null && one != null) out.put(k.toString(), one.toString());
            });
            return out;
        }
        return MailDecisionPages.form(body == null ? null : body.toString());
    }

    /** A page template of src/main/jte rendered with its parameters by name. */
    static String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        TEMPLATES.render(template, params, out);
        return out.toString();
    }
}
