package io.lexhub.support;

import io.lexhub.audit.AuditTrail;
import io.lexhub.store.InsightFacts;
import io.lexhub.store.Tx;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * A history of October 2025 whose governance figures are worked out by hand (docs/insight.md has
 * the definitions): rows seeded with SQL, the amendment through the hub's own audit chain. Used by
 * the insight test on the real routes and by the store's test on both databases.
 */
public final class SeededHistory {

    public static final String P = "Meridian Data Platform";
    public static final String U = "Meridian Usage Suite";

    private SeededHistory() {}

    /*
     * October 2025. Decisions (hours from receipt): R1 A 4 (FAST T1), R2 A 24, R3 D 48, R5 A 72, R6 D 48 (STANDARD T2).
     * R3 (denied) is followed by R4 of the same customer, type and product; R5 is amended after approval: 2 of 5 disputed.
     * SLA: met R1.1, R2.1, R6.1; missed R2.2 (late), R3.1 (escalated), R4.1 (still open past due); R5.1 voided in time.
     * Waivers ending: W7, W10 renewed, W8, W9 expired; renewals W11 (1st), W12 (2nd: repeat); W13 revoked.
     */
    public static void seed(Sql sql, Tx tx, AuditTrail audit) {
        request(sql, "EXC-2025-900001", "api", "EXTRA_SEATS", P, "CUST-1", "FAST", "T1", "APPROVED", "2025-10-05T09:00:00Z", 1000, "EUR");
        request(sql, "EXC-2025-900002", "file", "EXTRA_SEATS", P, "CUST-1", "STANDARD", "T2", "APPROVED", "2025-10-06T09:00:00Z", 20000, "EUR");
        request(sql, "EXC-2025-900003", "file", "DISCOUNT", P, "CUST-2", "STANDARD", "T2", "DENIED", "2025-10-07T09:00:00Z", 50000, "EUR");
        request(sql, "EXC-2025-900004", "mail", "DISCOUNT", P, "CUST-2", "STANDARD", "T2", "PENDING_APPROVAL", "2025-10-12T09:00:00Z", 40000, "EUR");
        request(sql, "EXC-2025-900005", "api", "EXTRA_SEATS", P, "CUST-3", "STANDARD", "T2", "APPROVED", "2025-10-13T09:00:00Z", 5000, "USD");
        request(sql, "EXC-2025-900006", "api", "EXTRA_SEATS", P, "CUST-1", "STANDARD", "T2", "DENIED", "2025-10-20T09:00:00Z", 8000, "EUR");
        decision(sql, "EXC-2025-900001", "APPROVED", "2025-10-05T13:00:00Z");
        decision(sql, "EXC-2025-900002", "APPROVED", "2025-10-07T09:00:00Z");
        decision(sql, "EXC-2025-900003", "DENIED", "2025-10-09T09:00:00Z");
        decision(sql, "EXC-2025-900005", "APPROVED", "2025-10-16T09:00:00Z");
        decision(sql, "EXC-2025-900006", "DENIED", "2025-10-22T09:00:00Z");
        level(sql, "EXC-2025-900001", 1, "APPROVED", "2025-10-05T13:00:00Z", "2025-10-05T17:00:00Z", null);
        level(sql, "EXC-2025-900002", 1, "APPROVED", "2025-10-06T15:00:00Z", "2025-10-06T17:00:00Z", null);
        level(sql, "EXC-2025-900002", 2, "APPROVED", "2025-10-07T09:00:00Z", "2025-10-07T08:00:00Z", null);
        level(sql, "EXC-2025-900003", 1, "DENIED", "2025-10-09T09:00:00Z", "2025-10-08T09:00:00Z", "2025-10-08T10:00:00Z");
        level(sql, "EXC-2025-900004", 1, "OPEN", null, "2025-10-14T09:00:00Z", null);
        level(sql, "EXC-2025-900005", 1, "VOID", "2025-10-13T12:00:00Z", "2025-10-14T09:00:00Z", null);
        level(sql, "EXC-2025-900006", 1, "DENIED", "2025-10-22T09:00:00Z", "2025-10-23T09:00:00Z", null);
        waiver(sql, "EXC-2025-900001", "ACTIVE", "CUST-1", P, "2025-10-05T13:00:00Z", null, null, 0, "{\"terms\": {\"seats\": 10}}");
        waiver(sql, "EXC-2025-900002", "ACTIVE", "CUST-1", P, "2025-10-07T09:00:00Z", null, null, 0, "{\"terms\": {\"seats\": 20}}");
        waiver(sql, "EXC-2025-900005", "ACTIVE", "CUST-3", P, "2025-10-16T09:00:00Z", null, null, 0, "{\"terms\": {\"seats\": 5}}");
        waiver(sql, "EXC-2025-800001", "RENEWED", "CUST-8", P, "2024-10-10T09:00:00Z", "2025-10-10T09:00:00Z", null, 0, "{}");
        waiver(sql, "EXC-2025-800002", "EXPIRED", "CUST-8", P, "2024-10-11T09:00:00Z", "2025-10-11T09:00:00Z", null, 0, "{}");
        waiver(sql, "EXC-2025-800003", "EXPIRED", "CUST-8", P, "2024-10-12T09:00:00Z", "2025-10-12T09:00:00Z", null, 0, "{}");
        waiver(sql, "EXC-2025-800004", "RENEWED", "CUST-9", P, "2024-10-25T09:00:00Z", "2025-10-25T09:00:00Z", "EXC-2024-800009", 1, "{}");
        waiver(sql, "EXC-2025-800005", "ACTIVE", "CUST-8", P, "2025-10-10T09:00:00Z", null, "EXC-2025-800001", 1, "{}");
        waiver(sql, "EXC-2025-800006", "ACTIVE", "CUST-9", P, "2025-10-25T09:00:00Z", null, "EXC-2025-800004", 2, "{}");
        waiver(sql, "EXC-2025-800007", "REVOKED", "CUST-8", P, "2025-01-01T09:00:00Z", "2025-10-18T09:00:00Z", null, 0, "{}");
        // the waivers the usage reports of the tests below are matched to
        request(sql, "EXC-2025-700001", "api", "EXTRA_SEATS", U, "CUST-U1", "STANDARD", "T2", "APPROVED", "2025-08-01T09:00:00Z", null, null);
        request(sql, "EXC-2025-700002", "api", "EXTRA_SEATS", U, "CUST-U2", "STANDARD", "T2", "APPROVED", "2025-08-02T09:00:00Z", null, null);
        waiver(sql, "EXC-2025-700001", "ACTIVE", "CUST-U1", U, "2025-08-05T09:00:00Z", null, null, 0, "{\"terms\": {\"seats\": 100}}");
        waiver(sql, "EXC-2025-700002", "ACTIVE", "CUST-U2", U, "2025-08-05T09:00:00Z", null, null, 0, "{\"terms\": {\"seats\": 200}}");
        tx.inTransaction(c -> {
            audit.append(c, at("2025-10-20T10:00:00Z"), "EXC-2025-900005", "request.amended",
                    "requester", "{\"rationale\": \"seats corrected\"}");
            return null;
        });
    }

    private static void request(Sql sql, String ref, String source, String type, String product, String customer, String track, String tier, String state,
            String received, Integer revenue, String currency) {
        String doc = "{\"customer\": {\"id\": \"" + customer + "\", \"name\": \"" + customer + " Ltd\"}, \"product\": \"" + product
                + "\", \"type\": \"" + type + "\", \"accountOwner\": {\"name\": \"Acc Owner\", \"email\": \"owner@meridian-software.example\"}"
                + (revenue == null ? "" : ", \"revenueImpact\": " + revenue + ", \"currency\": \"" + currency + "\"") + "}";
        sql.update("""
                INSERT INTO requests (reference, source, external_id, state, customer_id, customer_name, product, exception_type, track, tier,
                    policy_version, content_sha256, request_json, assessment_json, raw_content, received_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'seed', ?, ?, '{}', '', ?, ?)""",
                ref, source, "seed:" + ref, state, customer, customer + " Ltd", product, type, track, tier, "0".repeat(64), doc, at(received), at(received));
    }

    private static void decision(Sql sql, String ref, String outcome, String decided) {
        sql.update("""
                INSERT INTO decisions (request_ref, exception_type, product, round, outcome, rationale, conditions, approvers, terms_hash,
                    policy_version, decided_by, decided_at)
                SELECT reference, exception_type, product, 1, ?, 'seeded', '[]', '[]', ?, 'seed', 'seed', ? FROM requests WHERE reference = ?""",
                outcome, "0".repeat(64), at(decided), ref);
        // the facts the dashboard sums, as the hub records them (out of decision order here, as a history may be written)
        sql.with(c -> InsightFacts.decisionRecorded(c, ref, 1));
    }

    private static void level(Sql sql, String ref, int level, String status, String closed, String due, String escalated) {
        sql.update("""
                INSERT INTO approval_levels (request_ref, round, level_no, role, mode, required, status, terms_hash, opened_at, closed_at, due_at, escalated_at)
                VALUES (?, 1, ?, 'licensing', 'ONE', 1, ?, ?, ?, ?, ?, ?)""", ref, level, status, "0".repeat(64), at("2025-10-01T00:00:00Z"),
                closed == null ? null : at(closed), at(due), escalated == null ? null : at(escalated));
    }

    private static void waiver(Sql sql, String ref, String state, String customer, String product, String created, String ended, String renewalOf, int renewals,
            String granted) {
        sql.update("""
                INSERT INTO waivers (request_ref, state, customer_id, product, exception_type, start_date, end_date, granted, created_at, updated_at,
                    renewal_of, renewal_count, ended_at)
                VALUES (?, ?, ?, ?, 'EXTRA_SEATS', ?, ?, ?, ?, ?, ?, ?, ?)""", ref, state, customer, product, LocalDate.parse(created.substring(0, 10)),
                LocalDate.parse(created.substring(0, 10)).plusYears(1), granted, at(created), at(created), renewalOf, renewals,
                ended == null ? null : at(ended));
        sql.with(c -> InsightFacts.waiverRecorded(c, ref));
    }

    private static OffsetDateTime at(String instant) {
        return OffsetDateTime.parse(instant);
    }
}
