package io.lexhub.portal;

import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.model.Json;
import io.lexhub.model.Terms;
import io.lexhub.store.PortalStore;
import io.lexhub.store.Tx;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ask form's values for renewing a waiver (docs/portal.md, "Renew a waiver"): the same type,
 * product and terms as granted, the period starting the day after the waiver ends and as long as
 * it, and {@code renews} set to its reference. Only the organisation's own waiver in force; whether
 * the renewal is allowed (one per waiver, the chain's limit) is intake's to say (RenewalRule).
 */
public final class RenewalForm {

    private final Tx tx;
    private final PortalStore store;

    public RenewalForm(Tx tx, PortalStore store) {
        this.tx = tx;
        this.store = store;
    }

    /** True when this is the organisation's waiver and in force (the request page's "Renew" link). */
    public boolean renewable(String customerId, String reference) {
        return waiver(customerId, reference).isPresent();
    }

    /** The form's values for renewing {@code reference}; empty for another organisation's waiver, one not in force and none alike. */
    public Optional<Map<String, String>> values(String customerId, String reference) {
        return waiver(customerId, reference).map(w -> {
            Map<String, String> v = new LinkedHashMap<>();
            v.put("type", w.type());
            if (w.product() != null) v.put("product", w.product());
            JsonNode granted = Json.readTree(w.grantedJson());
            Terms t = granted.has("terms") ? Json.MAPPER.convertValue(granted.get("terms"), Terms.class) : null;
            if (t != null) {
                if (t.seats() != null) v.put("term-seats", String.valueOf(t.seats()));
                if (t.discountPercent() != null) v.put("term-discountPercent", t.discountPercent().stripTrailingZeros().toPlainString());
                if (!t.regions().isEmpty()) v.put("term-regions", String.join(", ", t.regions()));
                if (!t.features().isEmpty()) v.put("term-features", String.join(", ", t.features()));
                if (t.deployment() != null) v.put("term-deployment", t.deployment());
            }
            LocalDate start = w.end().plusDays(1);
            v.put("start", start.toString());
            v.put("end", start.plusDays(ChronoUnit.DAYS.between(w.start(), w.end())).toString());
            v.put("renews", w.reference());
            return v;
        });
    }

    private Optional<PortalStore.WaiverRow> waiver(String customerId, String reference) {
        if (customerId == null || reference == null || !reference.matches("[A-Z]{2,5}-\\d{4}-\\d{1,9}")) return Optional.empty();
        return tx.read(c -> store.waiverOf(c, customerId, reference)).filter(w -> "ACTIVE".equals(w.state()));
    }
}
