package io.lexhub.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of a {@link Recorded} table in canonical form: its key values, each recorded column
 * rendered as text by its SQL type (dates ISO, instants in UTC, decimals without trailing zeros),
 * and the SHA-256 over the column names and values, length-prefixed. The hub computes it from the
 * row as read back in the writing transaction and audit verify from the row as it is now, with
 * this one code, so the two agree unless the row changed.
 */
record RowDigest(List<String> key, List<String> values, String digest) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longer values are shown in a record's payload by their SHA-256 only (request documents, rationales). */
    private static final int SHOWN = 200;

    String subject() {
        return Recorded.subject(key);
    }

    /** The digest of a row as store/AuditRowStore renders it. */
    static RowDigest of(Recorded t, AuditRows.Row row) {
        return new RowDigest(row.key(), row.values(), digest(t, row.values()));
    }

    static String digest(Recorded t, List<String> values) {
        MessageDigest sha = sha256();
        for (int k = 0; k < values.size(); k++) {
            update(sha, t.columns().get(k));
            String v = values.get(k);
            if (v == null) sha.update((byte) 'N');
            else {
                sha.update((byte) 'V');
                update(sha, v);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void update(MessageDigest sha, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        sha.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        sha.update(bytes);
    }

    /** What a reader of the chain sees of the row: table, key, each column (long ones by hash), and the digest. */
    String payload(Recorded t, String cause) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("table", t.table());
        Map<String, String> k = new LinkedHashMap<>();
        for (int i = 0; i < key.size(); i++) k.put(t.keyColumns().get(i), key.get(i));
        p.put("key", k);
        p.put("row", shown(t));
        p.put("digest", digest);
        if (cause != null) p.put("cause", cause);
        try {
            return JSON.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The columns as a record shows them: short values as they are, long ones as sha256:<hex>. */
    Map<String, String> shown(Recorded t) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) row.put(t.columns().get(i), shown(values.get(i)));
        return row;
    }

    static String shown(String v) {
        if (v == null || v.length() <= SHOWN) return v;
        return "sha256:" + HexFormat.of().formatHex(sha256().digest(v.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
