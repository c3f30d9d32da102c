package io.lexhub.api;

import io.lexhub.approval.ApproverDirectory;
import io.lexhub.policy.Policy;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.store.RequestSearchStore;
import io.lexhub.workspace.RequestSearch;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workspace's "Requests" page and its CSV export (docs/workspace.md, routes/workspace-requests.camel.yaml):
 * for the desk and audit (the gate checks the scopes). The search is the query string, read here
 * from the raw query (each parameter once), checked by {@link RequestSearch#check}; a search with
 * problems answers the form with the error summary (400), never a guess.
 */
public final class RequestPages {

    private static final Logger LOG = LoggerFactory.getLogger("lexhub.workspace");

    private final RequestSearch search;
    private final ApproverDirectory directory;
    private final PolicyHolder policy;
    private final Clock clock;
    private final ZoneId zone;

    public RequestPages(RequestSearch search, ApproverDirectory directory, PolicyHolder policy, Clock clock, ZoneId zone) {
        this.search = search;
        this.directory = directory;
        this.policy = policy;
        this.clock = clock;
        this.zone = zone;
    }

    /** GET /requests: the search form, and its results when the search is valid. */
    public void page(Exchange exchange) {
        Viewer viewer = Viewer.of(exchange, directory, "requests");
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("viewer", viewer);
        model.put("zone", viewer.zone(zone));
        model.put("tiers", tiers());
        model.put("exportCap", RequestSearch.EXPORT_CAP);
        model.put("countCap", RequestSearch.COUNT_CAP);
        model.put("result", null);
        model.put("filters", List.of());
        model.put("stopped", null);
        RequestSearch.Checked checked;
        try {
            checked = RequestSearch.check(parameters(exchange));
        } catch (IllegalArgumentException malformed) {
            model.put("form", RequestSearch.Form.EMPTY);
            model.put("errors", Map.of("q", "The address of this search is malformed (a broken % escape): search again from the form"));
            Pages.page(exchange, 400, Pages.render("requests.jte", model));
            return;
        }
        model.put("form", checked.form());
        model.put("errors", checked.errors());
        if (checked.query() == null) {
            Pages.page(exchange, 400, Pages.render("requests.jte", model));
            return;
        }
        try {
            RequestSearch.Result result = search.search(checked.query());
            model.put("result", result);
            model.put("filters", RequestSearch.filters(checked.form(), checked.query()));
            Pages.page(exchange, 200, Pages.render("requests.jte", model));
        } catch (RequestSearch.NoSuchPageException e) {
            model.put("errors", Map.of("page", e.getMessage()));
            Pages.page(exchange, 400, Pages.render("requests.jte", model));
        } catch (RequestSearchStore.TooSlowException e) {
            LOG.warn("a request search was stopped by its time limit: {}", e.getMessage());
            model.put("stopped", "This search took too long and was stopped. Narrow it: a range of received dates, a state, a type or a channel "
                    + "makes it quick; a customer or text on its own has to look at every request.");
            Pages.page(exchange, 200, Pages.render("requests.jte", model));
        }
    }

    /**
     * GET /requests.csv: every match of the same search (all pages, at most {@link RequestSearch#EXPORT_CAP}
     * rows) as an attachment. Written to a private temporary file first, so the database connection
     * is not held while a slow client downloads, and the rows never sit in memory; the file is gone
     * from the folder as soon as it is opened for the answer.
     */
    public void csv(Exchange exchange) throws IOException {
        RequestSearch.Checked checked;
        try {
            checked = RequestSearch.check(parameters(exchange));
        } catch (IllegalArgumentException malformed) {
            Pages.message(exchange, 400, "Not a search", List.of("The address of this export is malformed (a broken % escape). Search again from the Requests page."), false);
            return;
        }
        if (checked.query() == null) {
            List<String> text = new ArrayList<>(checked.errors().values());
            text.add("Search again from the Requests page.");
            Pages.message(exchange, 400, "Not a search", text, false);
            return;
        }
        Path file = Files.createTempFile("lexhub-requests-", ".csv");
        RequestSearch.Export export;
        try {
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                // a byte-order mark: spreadsheets then read the file as UTF-8 (names with accents)
                out.write('\uFEFF');
                export = search.export(checked.query(), out);
            }
        } catch (RequestSearchStore.TooSlowException e) {
            Files.deleteIfExists(file);
            LOG.warn("a request export was stopped by its time limit: {}", e.getMessage());
            Pages.message(exchange, 503, "Export stopped", List.of("This export took too long and was stopped. Narrow the search "
                    + "(received dates, a state, a type or a channel) and download it again."), false);
            return;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        InputStream body = DeletedOnClose.open(file);
        Pages.headersOnly(exchange, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/csv; charset=utf-8; header=present");
        exchange.getMessage().setHeader("Content-Disposition", "attachment; filename=\"lexhub-requests-" + LocalDate.now(clock.withZone(zone)) + ".csv\"");
        exchange.getMessage().setHeader("X-Lexhub-Rows", String.valueOf(export.rows()));
        if (export.cut()) exchange.getMessage().setHeader("X-Lexhub-Truncated", "the first " + RequestSearch.EXPORT_CAP + " rows of more");
        exchange.getMessage().setBody(body);
    }

    /** The policy's tiers, for the form's list. */
    private List<String> tiers() {
        Policy p = policy.current();
        return p.approval() == null ? List.of() : p.approval().tiers().stream().map(Policy.Tier::id).toList();
    }

    /**
     * The query string's parameters, each with its values in order (form encoding: + is a space).
     * A broken % escape is an IllegalArgumentException.
     */
    static Map<String, List<String>> parameters(Exchange exchange) {
        String raw = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    /** A file's content, the file removed from its folder at once where the system allows (it stays readable while open), else on close. */
    static final class DeletedOnClose extends FilterInputStream {
        private final Path file;

        private DeletedOnClose(InputStream in, Path file) {
            super(in);
            this.file = file;
        }

        static InputStream open(Path file) throws IOException {
            InputStream in = Files.newInputStream(file);
            try {
                Files.delete(file);
            } catch (IOException e) {
                // Windows keeps an open file: deleted on close instead
            }
            return new DeletedOnClose(in, file);
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
