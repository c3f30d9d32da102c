package io.lexhub.bench;

import io.lexhub.approval.ApprovalRouter;
import io.lexhub.approval.AutoApproval;
import io.lexhub.intake.ParsedRequest;
import io.lexhub.intake.RequestParser;
import io.lexhub.model.ApprovalRoute;
import io.lexhub.model.Json;
import io.lexhub.model.RiskResult;
import io.lexhub.model.TriageResult;
import io.lexhub.model.ValidationResult;
import io.lexhub.pipeline.simulation.PolicySimulation;
import io.lexhub.pipeline.simulation.SimulationReport;
import io.lexhub.policy.Policy;
import io.lexhub.policy.PolicyLoader;
import io.lexhub.policy.PolicyText;
import io.lexhub.risk.RiskScorer;
import io.lexhub.risk.Triage;
import io.lexhub.store.AssessmentHistory;
import io.lexhub.store.Database;
import io.lexhub.store.InsightFacts;
import io.lexhub.store.PolicyVersionStore;
import io.lexhub.store.Tx;
import io.lexhub.validation.ConflictLookup;
import io.lexhub.validation.RequestValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario "simulate" (docs/policy.md; not part of "all"): {@code lexhub policy simulate} over
 * {@code total} stored requests. Generates them first: a few hundred distinct request documents,
 * parsed by the hub's RequestParser and assessed by the intake's domain classes under
 * config/policy.yaml, each stored many times under its own reference (one received day, so the
 * stored assessments hold for it). Then times the replay of all of them through the policy in force
 * (which must change nothing) and through a candidate with the fast track and tier T1 raised to 45 days.
 */
final class SimulateBench {

    record Result(String db, int total, double generateSeconds, double identicalSeconds, long identicalChanged, double raisedSeconds,
            long raisedChanged) {}

    private static final int CHUNK = 1_000;
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    private SimulateBench() {}

    static Result run(BenchDb engine, int total, Report report) throws Exception {
        report.line("scenario simulate on " + engine.name() + ": " + String.format("%,d", total) + " stored requests");
        Path home = Bench.newHome("simulate");
        BenchDb.Target t = engine.fresh("bench_simulate_" + total, home);
        PolicyText inForce = PolicyLoader.loadText(Path.of("config/policy.yaml"));
        // received on one day from 07:00 Berlin, half a second apart
        LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        Instant first = day.atTime(6, 0).toInstant(ZoneOffset.UTC);
        try (Database db = Database.open(t.url(), t.user(), t.password(), 4).migrate()) {
            long g0 = System.nanoTime();
            List<Variant> variants = variants(inForce, day);
            generate(db, variants, inForce, total, first);
            double gen = (System.nanoTime() - g0) / 1e9;
            report.line(String.format("  generated from %d distinct documents in %.1f s", variants.size(), gen));

            int workers = Runtime.getRuntime().availableProcessors();
            PolicySimulation sim = new PolicySimulation(new Tx(db.dataSource()), new AssessmentHistory(), new PolicyVersionStore(), ZONE, workers,
                    Clock.systemUTC());
            Instant from = first.minusSeconds(1);
            Instant to = first.plusSeconds(total);
            long s0 = System.nanoTime();
            long c0 = Cpu.nanos();
            SimulationReport same = sim.run(inForce, inForce, from, to, (done, all, elapsed) -> { });
            double identical = (System.nanoTime() - s0) / 1e9;
            // on a shared machine the wall time depends on the other processes; the CPU time is what the replay costs
            report.figure(String.format("simulate %s: %,d requests through the policy in force in %.1f s (%,.0f requests/s, %d workers; %.1f s CPU),"
                    + " %d changed", engine.name(), same.totals().replayed(), identical, same.totals().replayed() / identical, workers,
                    (Cpu.nanos() - c0) / 1e9, same.totals().changed()));
            PolicyText raised = PolicyText.parse(raise(inForce.text()), "raised.yaml");
            long r0 = System.nanoTime();
            long rc0 = Cpu.nanos();
            SimulationReport other = sim.run(raised, inForce, from, to, (done, all, elapsed) -> { });
            double raisedSeconds = (System.nanoTime() - r0) / 1e9;
            report.figure(String.format("simulate %s: %,d requests through a candidate (fast track and T1 to 45 days) in %.1f s (%,.0f requests/s;"
                    + " %.1f s CPU), %,d changed", engine.name(), other.totals().replayed(), raisedSeconds, other.totals().replayed() / raisedSeconds,
                    (Cpu.nanos() - rc0) / 1e9, other.totals().changed()));
            return new Result(engine.name(), total, gen, identical, same.totals().changed(), raisedSeconds, other.totals().changed());
        }
    }

    /** The candidate of the scenario: the fast track's and tier T1's maxDurationDays from 30 to 45. */
    static String raise(String policy) {
        return policy.replace("  maxDurationDays: 30\n  maxRevenueImpact: 10000\n", "  maxDurationDays: 45\n  maxRevenueImpact: 10000\n")
                .replace("      maxRiskScore: 20\n      maxDurationDays: 30\n", "      maxRiskScore: 20\n      maxDurationDays: 45\n")
                .replaceFirst("version: \"([^\"]*)\"", "version: \"$1-raised\"");
    }

    /** One distinct document with its stored assessment. */
    private record Variant(String requestJson, String assessmentJson, String state, String type, boolean auto, String track, java.math.BigDecimal score,
            String level, String tier, String customer) {}

    private static List<Variant> variants(PolicyText p, LocalDate day) {
        RequestParser parser = new RequestParser(Path.of("config/schema/request.schema.json"));
        Policy policy = p.policy();
        String[][] types = {{"EXTRA_SEATS", "\"seats\": %d"}, {"TEMPORARY_ACCESS", "\"seats\": %d"}, {"TERM_EXTENSION", null},
                {"DISCOUNT", "\"discountPercent\": %d"}, {"FEATURE_UNLOCK", "\"features\": [\"admin-api\", \"reports\"]"},
                {"TERRITORY_RIGHTS", "\"regions\": [\"BR\", \"MX\"]"}};
        int[] days = {10, 20, 40, 60, 120, 400};
        int[] revenue = {2_000, 8_000, 40_000, 150_000};
        String[] data = {"INTERNAL", "CONFIDENTIAL", "REGULATED"};
        List<Variant> out = new ArrayList<>();
        int n = 0;
        for (String[] type : types) {
            for (int d : days) {
                for (int rev : revenue) {
                    for (String sensitivity : data) {
                        n++;
                        String terms = type[1] == null ? "" : type[1].formatted(type[0].equals("DISCOUNT") ? 10 + n % 25 : 20 + n % 300) + ", ";
                        String doc = """
                                {"customer": {"id": "CUST-B%d", "name": "Bench %d Ltd", "contactEmail": "contact@b%d.example", "domain": "b%d.example"},
                                 "requester": {"name": "Req Uester", "email": "req@b%d.example"},
                                 "product": "Meridian Data Platform", "type": "%s",
                                 "terms": {%s"start": "%s", "durationDays": %d},
                                 "justification": "A justification long enough to be reviewed properly by the approvers of this request, number %d.",
                                 "evidence": ["https://crm.meridian-software.example/opp/%d"],
                                 "revenueImpact": %d, "currency": "EUR", "dataSensitivity": "%s", "deploymentScale": "%s"}
                                """.formatted(n, n, n, n, n, type[0], terms, day.plusDays(2), d, n, n, rev, sensitivity, n % 3 == 0 ? "ENTERPRISE" : "MEDIUM");
                        out.add(assess(parser.parse(doc.getBytes(StandardCharsets.UTF_8), "json"), policy, day, "CUST-B" + n));
                    }
                }
            }
        }
        return out;
    }

    /** What direct:intake's validate, triage, score and route steps make of a document (no other request on file). */
    private static Variant assess(ParsedRequest parsed, Policy p, LocalDate today, String customer) {
        ValidationResult v = new RequestValidator().validate(parsed, p, today, ConflictLookup.NONE);
        Map<String, Object> a = new LinkedHashMap<>();
        String state = switch (v.verdict()) {
            case ACCEPTED -> "PENDING_APPROVAL";
            case NEEDS_INFO -> "NEEDS_INFO";
            case REJECTED -> "REJECTED";
        };
        TriageResult t = null;
        RiskResult r = null;
        ApprovalRoute route = null;
        boolean auto = false;
        if (v.accepted()) {
            t = new Triage().triage(parsed.request(), p, today, 0);
            r = new RiskScorer().score(parsed.request(), p);
            route = new ApprovalRouter().route(parsed.request(), r, p);
            auto = AutoApproval.rationale(parsed.request(), t, r, p).isPresent();
            if (auto) state = "APPROVED";
        }
        a.put("state", state);
        a.put("policyVersion", p.version());
        a.put("validation", v);
        if (t != null) a.put("triage", t);
        if (r != null) a.put("risk", r);
        if (route != null) a.put("route", route);
        return new Variant(Json.write(parsed.request()), Json.write(a), state, parsed.request().type().name(), auto,
                t == null ? null : t.track().name(), r == null ? null : r.score(), r == null ? null : r.level(), route == null ? null : route.tier(), customer);
    }

    private static void generate(Database db, List<Variant> variants, PolicyText p, int total, Instant first) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement req = c.prepareStatement("INSERT INTO requests (reference, source, external_id, state, customer_id, customer_name,"
                    + " product, exception_type, track, risk_score, risk_level, tier, policy_version, content_sha256, request_json, assessment_json,"
                    + " raw_content, received_at, updated_at, policy_sha256) VALUES (?, 'api', ?, ?, ?, 'Bench Ltd', 'Meridian Data Platform', ?, ?, ?, ?, ?,"
                    + " ?, ?, ?, ?, '{}', ?, ?, ?)");
                    PreparedStatement dec = c.prepareStatement("INSERT INTO decisions (request_ref, exception_type, product, round, outcome, rationale,"
                            + " conditions, approvers, terms_hash, policy_version, decided_by, decided_at, policy_sha256)"
                            + " VALUES (?, ?, 'Meridian Data Platform', 1, 'APPROVED', 'bench', '[]', '[]', ?, ?, 'policy', ?, ?)")) {
                String sha = "0".repeat(64);
                for (int i = 0; i < total; i++) {
                    Variant v = variants.get(i % variants.size());
                    String ref = String.format("EXC-2099-%07d", i + 1);
                    OffsetDateTime at = first.plusMillis(500L * i).atOffset(ZoneOffset.UTC);
                    int k = 1;
                    req.setString(k++, ref);
                    req.setString(k++, "bench:" + i);
                    req.setString(k++, v.state());
                    req.setString(k++, v.customer());
                    req.setString(k++, v.type());
                    req.setString(k++, v.track());
                    req.setBigDecimal(k++, v.score());
                    req.setString(k++, v.level());
                    req.setString(k++, v.tier());
                    req.setString(k++, p.policy().version());
                    req.setString(k++, sha);
                    req.setString(k++, v.requestJson());
                    req.setString(k++, v.assessmentJson());
                    req.setObject(k++, at);
                    req.setObject(k++, at);
                    req.setString(k, p.sha256());
                    req.addBatch();
                    if (v.auto()) {
                        dec.setString(1, ref);
                        dec.setString(2, v.type());
                        dec.setString(3, sha);
                        dec.setString(4, p.policy().version());
                        dec.setObject(5, at);
                        dec.setString(6, p.sha256());
                        dec.addBatch();
                    }
                    if ((i + 1) % CHUNK == 0 || i + 1 == total) {
                        req.executeBatch();
                        dec.executeBatch();
                        c.commit();
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO policy_versions (version, sha256, policy_text, took_effect_at, taken_by)"
                    + " VALUES (?, ?, ?, ?, 'bench')")) {
                ps.setString(1, p.policy().version());
                ps.setString(2, p.sha256());
                ps.setString(3, p.text());
                ps.setObject(4, first.atOffset(ZoneOffset.UTC));
                ps.executeUpdate();
            }
            // the dashboard's facts of the decisions, set-based as V53 fills them
            InsightFacts.backfill(c);
            c.commit();
        }
    }
}
