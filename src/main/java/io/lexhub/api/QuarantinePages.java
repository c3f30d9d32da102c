package io.lexhub.api;

import io.lexhub.access.Scope;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.pipeline.intake.QuarantineReplay;
import io.lexhub.store.QuarantineStore;
import io.lexhub.store.QuarantineStore.Claim;
import io.lexhub.store.QuarantineStore.Item;
import io.lexhub.workspace.SafeText;
import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * The quarantine in the workspace (routes/workspace-quarantine.camel.yaml): the inputs that could
 * not become a request, each with its reason and its content shown safely ({@link SafeText}), and
 * the desk's replay through direct:quarantine-replay, the route the API's replay uses.
 */
public final class QuarantinePages {

    static final int LISTED = 200;

    private final QuarantineStore store;
    private final ApproverDirectory directory;
    private final Clock clock;
    private final ZoneId zone;

    public QuarantinePages(QuarantineStore store, ApproverDirectory directory, Clock clock, ZoneId zone) {
        this.store = store;
        this.directory = directory;
        this.clock = clock;
        this.zone = zone;
    }

    /** GET /quarantine: the newest items. */
    public void list(Exchange exchange) {
        Map<String, Object> model = model(exchange);
        model.put("items", store.list(LISTED));
        model.put("waiting", store.waiting());
        model.put("limit", LISTED);
        Pages.page(exchange, 200, Pages.render("quarantine.jte", model));
    }

    /** GET /quarantine/{id}: one item, its content as text that cannot act, and the replay button for the desk. */
    public void item(Exchange exchange) {
        Optional<Item> item = id(exchange).flatMap(store::get);
        if (item.isEmpty()) {
            Pages.message(exchange, 404, "No such item", List.of("There is no quarantined input " + exchange.getMessage().getHeader("id", String.class) + "."), false);
            return;
        }
        Map<String, Object> model = model(exchange);
        model.put("item", item.get());
        model.put("content", SafeText.of(item.get().content()));
        model.put("mayReplay", Callers.principal(exchange).has(Scope.DESK));
        Pages.page(exchange, 200, Pages.render("quarantine-item.jte", model));
    }

    /**
     * POST /quarantine/{id}/replay (desk): the item claimed for replay, with who asked recorded; the
     * claimed item is the body for direct:quarantine-replay, or a page says why it cannot be replayed.
     */
    public Item claim(Exchange exchange) {
        Optional<Long> id = id(exchange);
        if (id.isEmpty()) {
            Pages.message(exchange, 404, "No such item", List.of("There is no such quarantined input."), false);
            return null;
        }
        Claim claim = store.claim(id.get(), Callers.principal(exchange).actor());
        if (claim.item() == null) {
            Pages.message(exchange, 404, "No such item", List.of(claim.refusal()), false);
            return null;
        }
        if (!claim.claimed()) {
            Pages.message(exchange, 409, "Not replayed", List.of(claim.refusal(), "Nothing was replayed."), false);
            return null;
        }
        return claim.item();
    }

    /** After direct:quarantine-replay: what the replay became. */
    public void replayed(Exchange exchange) {
        QuarantineReplay.Result r = exchange.getMessage().getBody(QuarantineReplay.Result.class);
        Map<String, Object> model = model(exchange);
        model.put("result", r);
        Pages.page(exchange, 200, Pages.render("quarantine-replayed.jte", model));
    }

    /** The database away while claiming or replaying: the item stays claimed and is replayed again later. */
    public void unavailable(Exchange exchange) {
        Pages.message(exchange, 503, "Not replayed yet", List.of("The hub cannot reach its database just now. "
                + "If the replay had begun, the hub finishes it by itself; look at the item again in a few minutes."), false);
        exchange.getMessage().setHeader("Retry-After", String.valueOf(Unavailable.RETRY_AFTER_SECONDS));
    }

    /** An item's state in words. */
    public static String status(Item item) {
        return switch (item.status()) {
            case QuarantineStore.QUARANTINED -> "waiting for the desk";
            case QuarantineStore.REPLAY_REQUESTED -> "replay asked for";
            case QuarantineStore.REPLAYING -> "being replayed";
            case QuarantineStore.REPLAYED -> "replayed: became " + item.replayReference();
            case QuarantineStore.REPLAY_FAILED -> "replay failed";
            default -> item.status().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private Map<String, Object> model(Exchange exchange) {
        Map<String, Object> model = new LinkedHashMap<>();
        Viewer viewer = Viewer.of(exchange, directory, "quarantine");
        model.put("viewer", viewer);
        model.put("now", clock.instant());
        model.put("zone", viewer.zone(zone));
        return model;
    }

    private static Optional<Long> id(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        return id != null && id.matches("\\d{1,18}") ? Optional.of(Long.parseLong(id)) : Optional.empty();
    }
}
