package io.lexhub.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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

    /** The rows whose leading key columns equal {@code keyPrefix}. */
    static List<RowDigest> read(Connection c, Recorded t, List<Object> keyPrefix) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(columns(t, "t")).append(" FROM ").append(t.table()).append(" t WHERE ");
        for (int i = 0; i < keyPrefix.size(); i++) sql.append(i == 0 ? "" : " AND ").append("t.").append(t.keyColumns().get(i)).append(" = ?");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < keyPrefix.size(); i++) ps.setObject(i + 1, keyPrefix.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                List<RowDigest> rows = new ArrayList<>();
                while (rs.next()) rows.add(of(t, rs, 1));
                return rows;
            }
        }
    }

    /** The key and recorded columns of {@code alias}, in the order {@link #of} reads them. */
    static String columns(Recorded t, String alias) {
        List<String> all = new ArrayList<>();
        for (String k : t.keyColumns()) all.add(alias + "." + k);
        for (String col : t.columns()) all.add(alias + "." + col);
        return String.join(", ", all);
    }

    /** Reads the columns of {@link #columns} from column {@code from} on. */
    static RowDigest of(Recorded t, ResultSet rs, int from) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> key = new ArrayList<>();
        int i = from;
        for (int k = 0; k < t.keyColumns().size(); k++, i++) key.add(render(rs, md, i));
        List<String> values = new ArrayList<>();
        for (int k = 0; k < t.columns().size(); k++, i++) values.add(render(rs, md, i));
        return new RowDigest(key, values, digest(t, values));
    }

    private static String render(ResultSet rs, ResultSetMetaData md, int i) throws SQLException {
        String rendered = switch (md.getColumnType(i)) {
            case Types.DATE -> {
                LocalDate d = rs.getObject(i, LocalDate.class);
                yield d == null ? null : d.toString();
            }
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
                OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                yield t == null ? null : t.toInstant().truncatedTo(ChronoUnit.MICROS).toString();
            }
            case Types.DECIMAL, Types.NUMERIC -> {
                BigDecimal d = rs.getBigDecimal(i);
                yield d == null ? null : d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
            }
            case Types.BOOLEAN, Types.BIT -> {
                boolean b = rs.getBoolean(i);
                yield rs.wasNull() ? null : Boolean.toString(b);
            }
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> {
                long n = rs.getLong(i);
                yield rs.wasNull() ? null : Long.toString(n);
            }
            default -> rs.getString(i);
        };
        return rendered;
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
