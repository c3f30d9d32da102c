package io.lexhub.support;

import io.lexhub.store.InsightFacts;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;

/**
 * A history of August 2026 whose policy review patterns (docs/practice-and-patterns.md) are
 * counted by hand below, with the policy as shipped (policyReview: 90 days before 1 October 2026,
 * threshold 3, tolerance 10 %, chain limit 2, high 60, low 20). Rows seeded with SQL; used by the
 * patterns test on the real routes and by the store's test on both databases.
 */
public final class SeededPatterns {

    public static final String P = "Meridian Data Platform";

    private SeededPatterns() {}

    /*
     * The period: the 90 days before 1 October 2026, 2026-07-03 to 2026-09-30. Decisions in it are in August.
     * Names: A1..A7 are EXC-2026-910001..910007, B1..B3 920001..920003, C1, C2 930001, 930002, O1..O8 940001..940008;
     * chains X = EXC-2024-950000, Y = EXC-2024-960000, Z = EXC-2024-970000, V = EXC-2024-980000 (named by their first waiver), each chain a customer of its own (CUST-X, -Y, -Z, -V).
     *
     * (a) Repeated grants. EXTRA_SEATS of P approved: A1 100 seats, A2 105, A3 95, A4 150 (365 days each). Median seats
     *     (100 + 105) / 2 = 102.5, 10 %: 92.25..112.75, so A1, A2, A3 alike, A4 not: 3 of 4, listed (threshold 3).
     *     Not counted: A5 (100 seats, decided in May, before the period), A6 (100 seats, a practice request), A7 (denied).
     *     DISCOUNT of P approved: B1 10 %, B2 20 %, B3 15 %: median 15, 13.5..16.5: only B3 alike, 1 of 3, not listed.
     *     DISCOUNT of Meridian Analytics: C1, C2 (10 % each): 2 grants, below the threshold, not listed.
     *     The override requests below are EXTRA_SEATS of Meridian Override Suite with 10, 50 and 200 seats approved: median 50,
     *     only one alike, not listed.
     * (b) Renewal chains past 2 renewals with a renewal in the period: chain Y (Y3 3rd on 1 Aug, Y4 4th on 1 Sep): one entry,
     *     4 renewals, latest Y4; chain X (X3 3rd on 10 Aug): 3 renewals. Not listed: Z3 (3rd, May), V2 (2nd renewal only).
     * (c) Against the score (high 60, low 20): O1 approved at 70 (COM-01 20 points, COM-02 10, SEC-01 0 points), O2 approved
     *     at 65 (COM-01), O3 denied at 10 (COM-01, DUR-01), O4 denied at 15 (DUR-01). Not counted: O5 approved at 50,
     *     O6 denied at 30, O7 approved at 80 but practice, O8 approved at 90 in May.
     *     COM-01: 2 approved high + 1 denied low = 3; DUR-01: 0 + 2 = 2; COM-02: 1 + 0 = 1; SEC-01 gave no points.
     */
    public static void seed(Sql sql) {
        String aug = "2026-08-1";
        grant(sql, "EXC-2026-910001", "EXTRA_SEATS", P, "\"seats\": 100", aug + "1T10:00:00Z", "APPROVED", false);
        grant(sql, "EXC-2026-910002", "EXTRA_SEATS", P, "\"seats\": 105", aug + "2T10:00:00Z", "APPROVED", false);
        grant(sql, "EXC-2026-910003", "EXTRA_SEATS", P, "\"seats\": 95", aug + "3T10:00:00Z", "APPROVED", false);
        grant(sql, "EXC-2026-910004", "EXTRA_SEATS", P, "\"seats\": 150", aug + "4T10:00:00Z", "APPROVED", false);
        grant(sql, "EXC-2026-910005", "EXTRA_SEATS", P, "\"seats\": 100", "2026-05-11T10:00:00Z", "APPROVED", false);
        grant(sql, "EXC-2026-910006", "EXTRA_SEATS", P, "\"seats\": 100", aug + "5T10:00:00Z", "APPROVED", true);
        grant(sql, "EXC-2026-910007", "EXTRA_SEATS", P, "\"seats\": 100", aug + "6T10:00:00Z", "DENIED", false);
        grant(sql, "EXC-2026-920001", "DISCOUNT", P, "\"discountPercent\": 10", aug + "1T11:00:00Z", "APPROVED", false);
        grant(sql, "EXC-2026-920002", "DISCOUNT", P, "\"discountPercent\": 20", aug + "2T11:00:00Z", "APPROVED", false);
        grant(sql, "EXC-2026-920003", "DISCOUNT", P, "\"discountPercent\": 15", aug + "3T11:00:00Z", "APPROVED", false);
        grant(sql, "EXC-2026-930001", "DISCOUNT", "Meridian Analytics", "\"discountPercent\": 10", aug + "1T12:00:00Z", "APPROVED", false);
        grant(sql, "EXC-2026-930002", "DISCOUNT", "Meridian Analytics", "\"discountPercent\": 10", aug + "2T12:00:00Z", "APPROVED", false);

        String o = "Meridian Override Suite";
        scored(sql, "EXC-2026-940001", o, 10, 70, "APPROVED", aug + "1T13:00:00Z", false, "COM-01:20", "COM-02:10", "SEC-01:0");
        scored(sql, "EXC-2026-940002", o, 50, 65, "APPROVED", aug + "2T13:00:00Z", false, "COM-01:20");
        scored(sql, "EXC-2026-940003", o, 20, 10, "DENIED", aug + "3T13:00:00Z", false, "COM-01:5", "DUR-01:5");
        scored(sql, "EXC-2026-940004", o, 30, 15, "DENIED", aug + "4T13:00:00Z", false, "DUR-01:5");
        scored(sql, "EXC-2026-940005", o, 200, 50, "APPROVED", aug + "5T13:00:00Z", false, "COM-01:20");
        scored(sql, "EXC-2026-940006", o, 40, 30, "DENIED", aug + "6T13:00:00Z", false, "COM-01:20");
        scored(sql, "EXC-2026-940007", o, 60, 80, "APPROVED", aug + "7T13:00:00Z", true, "COM-01:20");
        scored(sql, "EXC-2026-940008", o, 70, 90, "APPROVED", "2026-05-12T13:00:00Z", false, "COM-01:20");

        waiver(sql, "EXC-2024-950000", "CUST-X", null, 0, "2024-06-01T09:00:00Z", "RENEWED");
        waiver(sql, "EXC-2026-950003", "CUST-X", "EXC-2024-950000", 3, "2026-08-10T09:00:00Z", "ACTIVE");
        waiver(sql, "EXC-2026-960003", "CUST-Y", "EXC-2024-960000", 3, "2026-08-01T09:00:00Z", "RENEWED");
        waiver(sql, "EXC-2026-960004", "CUST-Y", "EXC-2024-960000", 4, "2026-09-01T09:00:00Z", "ACTIVE");
        waiver(sql, "EXC-2026-970003", "CUST-Z", "EXC-2024-970000", 3, "2026-05-01T09:00:00Z", "ACTIVE");
        waiver(sql, "EXC-2026-980002", "CUST-V", "EXC-2024-980000", 2, "2026-08-20T09:00:00Z", "ACTIVE");
    }

    /** A request of 365 days from 2026-09-01 decided as given (no risk score: not one of (c)'s). */
    private static void grant(Sql sql, String ref, String type, String product, String terms, String decided, String outcome, boolean practice) {
        request(sql, ref, type, product, terms, null, "{}", outcome, practice);
        decision(sql, ref, outcome, decided);
    }

    /** A request of Meridian Override Suite with a risk score and the rules that gave it points ("COM-01:20"). */
    private static void scored(Sql sql, String ref, String product, int seats, int score, String outcome, String decided, boolean practice, String... rules) {
        String contributions = String.join(", ", Arrays.stream(rules).map(r -> "{\"ruleId\": \"" + r.split(":")[0] + "\", \"points\": "
                + r.split(":")[1] + "}").toList());
        request(sql, ref, "EXTRA_SEATS", product, "\"seats\": " + seats, score, "{\"risk\": {\"score\": " + score + ", \"contributions\": [" + contributions + "]}}",
                outcome, practice);
        decision(sql, ref, outcome, decided);
    }

    private static void request(Sql sql, String ref, String type, String product, String terms, Integer score, String assessment, String state, boolean practice) {
        String doc = "{\"customer\": {\"id\": \"CUST-S\", \"name\": \"Seeded Ltd\"}, \"product\": \"" + product + "\", \"type\": \"" + type
                + "\", \"terms\": {" + terms + ", \"start\": \"2026-09-01\", \"durationDays\": 365}}";
        sql.update("""
                INSERT INTO requests (reference, source, external_id, state, customer_id, customer_name, product, exception_type, risk_score,
                    policy_version, content_sha256, request_json, assessment_json, raw_content, received_at, updated_at, practice)
                VALUES (?, 'api', ?, ?, 'CUST-S', 'Seeded Ltd', ?, ?, ?, 'seed', ?, ?, ?, '', ?, ?, ?)""",
                ref, "seed:" + ref, state, product, type, score, "0".repeat(64), doc, assessment, at("2026-08-01T09:00:00Z"), at("2026-08-01T09:00:00Z"),
                practice);
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

    private static void waiver(Sql sql, String ref, String customer, String chain, int renewals, String created, String state) {
        sql.update("""
                INSERT INTO waivers (request_ref, state, customer_id, product, exception_type, start_date, end_date, granted, created_at, updated_at,
                    renewal_of, renewal_count, chain_ref)
                VALUES (?, ?, ?, ?, 'EXTRA_SEATS', ?, ?, '{}', ?, ?, ?, ?, ?)""", ref, state, customer, P, LocalDate.parse(created.substring(0, 10)),
                LocalDate.parse(created.substring(0, 10)).plusDays(90), at(created), at(created), chain, renewals, chain == null ? ref : chain);
        sql.with(c -> InsightFacts.waiverRecorded(c, ref));
    }

    private static OffsetDateTime at(String instant) {
        return OffsetDateTime.parse(instant);
    }
}
