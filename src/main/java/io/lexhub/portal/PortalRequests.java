package io.lexhub.portal;

import io.lexhub.store.PortalStore;
import io.lexhub.store.Tx;
import java.util.List;
import java.util.Locale;

/** The portal's list of an organisation's requests (docs/portal.md): newest first, a page at a time. */
public final class PortalRequests {

    /** One row: reference, what was asked, state in words, received date. */
    public record Row(String reference, String what, String state, String stateCode, String received) {}

    /** A page of rows; {@code page} counts from 1. */
    public record Page(List<Row> rows, long total, int page, int pages) {
        public boolean hasPrevious() {
            return page > 1;
        }

        public boolean hasNext() {
            return page < pages;
        }
    }

    private final Tx tx;
    private final PortalStore store;
    private final int pageSize;

    public PortalRequests(Tx tx, PortalStore store, int pageSize) {
        this.tx = tx;
        this.store = store;
        this.pageSize = pageSize;
    }

    /** Page {@code page} (1 when out of range) of this organisation's requests. */
    public Page of(PortalWords words, String customerId, int page) {
        return tx.read(c -> {
            long total = store.countRequestsOf(c, customerId);
            int pages = (int) Math.max(1, (total + pageSize - 1) / pageSize);
            int p = page < 1 || page > pages ? 1 : page;
            List<Row> rows = store.requestsOf(c, customerId, (p - 1) * pageSize, pageSize).stream()
                    .map(r -> new Row(r.reference(), words.what(r.type(), r.product()), words.requestState(r.state()), r.state().toLowerCase(Locale.ROOT),
                            words.date(r.receivedAt().toLocalDate())))
                    .toList();
            return new Page(rows, total, p, pages);
        });
    }

    /** An organisation's name as its newest request gives it, else its id; null for none. */
    public String name(String customerId) {
        if (customerId == null) return null;
        return tx.read(c -> store.customerName(c, customerId)).orElse(customerId);
    }
}
