package io.lexhub.pipeline.waiver;

import io.lexhub.pipeline.UnknownRequestException;
import io.lexhub.model.Json;
import io.lexhub.store.LifecycleStore;
import io.lexhub.store.LifecycleStore.Waiver;
import io.lexhub.store.Tx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A waiver with its renewal chain, oldest first (GET /api/waivers/{reference}). */
public final class WaiverHistory {

    private final Tx tx;
    private final LifecycleStore store;

    public WaiverHistory(Tx tx, LifecycleStore store) {
        this.tx = tx;
        this.store = store;
    }

    public Map<String, Object> waiverHistory(String ref) {
        return tx.read(c -> {
            List<Waiver> chain = store.history(c, ref);
            if (chain.isEmpty()) throw new UnknownRequestException(ref);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("reference", ref);
            out.put("waiver", view(chain.stream().filter(w -> w.ref().equals(ref)).findFirst().orElseThrow()));
            out.put("chain", chain.stream().map(WaiverHistory::view).toList());
            return out;
        });
    }

    private static Map<String, Object> view(Waiver w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reference", w.ref());
        m.put("state", w.state());
        m.put("customerId", w.customerId());
        m.put("product", w.product());
        m.put("type", w.type());
        m.put("start", w.start().toString());
        m.put("end", w.end().toString());
        m.put("granted", Json.readTree(w.granted()));
        if (w.renewalOf() != null) m.put("renews", w.renewalOf());
        m.put("renewalCount", w.renewalCount());
        m.put("policyReview", w.policyReview());
        return m;
    }
}
