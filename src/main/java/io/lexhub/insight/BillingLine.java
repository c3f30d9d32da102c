package io.lexhub.insight;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;

/**
 * One billed line as a billing system sends it (docs/billing-review.md): who was billed for which
 * product, for which days, how many units at which unit price and discount. lineId and invoice
 * are optional.
 */
public record BillingLine(String customer, String product, LocalDate periodStart, LocalDate periodEnd, BigDecimal quantity,
        BigDecimal unitPrice, BigDecimal discountPercent, String lineId, String invoice) {

    /**
     * What makes a line the same line when it comes again: the sender's line id, else the digest
     * of its fields (so the same file dropped twice, or sent by file and API, is stored once).
     */
    public String key() {
        if (lineId != null) return "id:" + lineId;
        String fields = String.join("\u001f", customer, product, periodStart.toString(), periodEnd.toString(),
                quantity.stripTrailingZeros().toPlainString(), unitPrice.stripTrailingZeros().toPlainString(),
                discountPercent.stripTrailingZeros().toPlainString(), invoice == null ? "" : invoice);
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(fields.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    /** True when the other line says the same (numbers compared by value, 18 = 18.00). */
    public boolean sameAs(BillingLine o) {
        return customer.equals(o.customer) && product.equals(o.product) && periodStart.equals(o.periodStart) && periodEnd.equals(o.periodEnd)
                && quantity.compareTo(o.quantity) == 0 && unitPrice.compareTo(o.unitPrice) == 0
                && discountPercent.compareTo(o.discountPercent) == 0 && java.util.Objects.equals(invoice, o.invoice);
    }
}
