package io.lexhub.api;

import io.lexhub.pipeline.evidence.EvidenceDownloads;
import io.lexhub.store.EvidenceStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Downloads of a request's evidence files: GET /requests/{reference}/evidence/{id} (the review
 * page's link, with a session) and GET /api/requests/{reference}/evidence/{id} (a key). The gate let
 * only those who may read the request through (its approvers, the desk, audit); the file must be
 * that request's. A file is always an attachment, of the type its content was checked to be (never
 * HTML), sandboxed and never cached: a hostile PDF opened from here runs no script on the hub's origin.
 */
public final class EvidenceFiles {

    /** Nothing may run or load if a browser shows the file anyway. */
    static final String CSP = "sandbox; default-src 'none'";

    private final EvidenceDownloads downloads;

    public EvidenceFiles(EvidenceDownloads downloads) {
        this.downloads = downloads;
    }

    /** The review page's download; no such file: a page. */
    public void page(Exchange exchange) {
        Optional<EvidenceStore.Content> file = open(exchange);
        if (file.isEmpty()) {
            Pages.message(exchange, 404, "No such file", List.of("This request has no such evidence file. Go back to the request and use its list."), false);
            return;
        }
        serve(exchange, file.get());
    }

    /** The API's download; no such file: a problem document. */
    public void api(Exchange exchange) {
        Optional<EvidenceStore.Content> file = open(exchange);
        if (file.isEmpty()) {
            Responses.problem(exchange, 404, "the request has no evidence file with this id");
            return;
        }
        serve(exchange, file.get());
    }

    private Optional<EvidenceStore.Content> open(Exchange exchange) {
        Message m = exchange.getMessage();
        return downloads.open(m.getHeader("reference", String.class), m.getHeader("id", String.class));
    }

    private static void serve(Exchange exchange, EvidenceStore.Content file) {
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        m.setHeader(Exchange.CONTENT_TYPE, file.row().contentType());
        m.setHeader("Content-Disposition", disposition(file.row().fileName()));
        m.setHeader("Content-Security-Policy", CSP);
        m.setHeader("X-Content-Type-Options", "nosniff");
        m.setHeader("X-Frame-Options", "DENY");
        m.setHeader("Referrer-Policy", "no-referrer");
        // Cache-Control: private, no-store is set by the HTTP server for every attachment (HttpServerHardening)
        m.setBody(file.bytes());
    }

    /**
     * attachment, with an ASCII stand-in (anything else, quotes and backslashes as _) and the name
     * itself in RFC 8187 form: filename*=UTF-8''percent-encoded.
     */
    static String disposition(String name) {
        StringBuilder ascii = new StringBuilder();
        name.codePoints().forEach(cp -> ascii.append(cp >= 0x20 && cp < 0x7F && cp != '"' && cp != '\\' && cp != ';' ? (char) cp : '_'));
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
