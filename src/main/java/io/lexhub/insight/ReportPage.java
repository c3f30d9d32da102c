package io.lexhub.insight;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link Summary} as one self-contained HTML file: the charting library (ECharts) and
 * the summary are inlined, nothing is loaded from the network. The charts are drawn from the
 * embedded summary JSON and every chart has a table of the same figures beside it, so the page
 * is readable without JavaScript and its numbers can be checked against GET /api/reports/summary.
 */
public final class ReportPage {

    private ReportPage() {}

    /** @param summaryJson the summary as the API writes it; @param echarts the library's minified source */
    public static String render(Summary s, String summaryJson, String echarts, String generatedAt) {
        StringBuilder h = new StringBuilder(echarts.length() + 40_000);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>lexhub governance report ")
                .append(esc(s.from())).append(" to ").append(esc(s.to())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:2em;color:#222}h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em}")
                .append("table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}")
                .append("td.n{text-align:right}.chart{width:900px;height:320px}.note{color:#666;font-size:.9em}</style></head><body>\n")
                .append("<h1>License exception governance report</h1>\n<p>Period <b>").append(esc(s.from())).append("</b> to <b>")
                .append(esc(s.to())).append("</b> (end excluded). Generated ").append(esc(generatedAt))
                .append(". Definitions: docs/insight.md.</p>\n");

        h.append("<h2>Key figures</h2>\n<table id=\"key-figures\"><tr><th>Figure</th><th>Value</th></tr>\n");
        key(h, "requests.total", "Requests received", s.requests().total());
        key(h, "approvals.decided", "Decisions", s.approvals().decided());
        key(h, "approvals.approvalRate", "Approval rate", FigureText.value(s.approvals().approvalRate(), s.approvals().approved() + s.approvals().denied()));
        key(h, "decisionTime.overall.meanHours", "Time to decide, mean (hours)", FigureText.value(s.decisionTime().overall().meanHours(), s.decisionTime().overall().count()));
        key(h, "decisionTime.overall.p50Hours", "Time to decide, p50 (hours)", FigureText.value(s.decisionTime().overall().p50Hours(), s.decisionTime().overall().count()));
        key(h, "decisionTime.overall.p90Hours", "Time to decide, p90 (hours)", FigureText.value(s.decisionTime().overall().p90Hours(), s.decisionTime().overall().count()));
        key(h, "sla.adherence", "SLA adherence", FigureText.value(s.sla().adherence(), s.sla().judged()));
        key(h, "sla.escalations", "Escalations", s.sla().escalations());
        key(h, "renewals.renewalRate", "Renewal rate", FigureText.value(s.renewals().renewalRate(), s.renewals().ended()));
        key(h, "renewals.repeatRenewals", "Repeat renewals", s.renewals().repeatRenewals());
        key(h, "disputes.disputeRate", "Dispute rate", FigureText.value(s.disputes().disputeRate(), s.disputes().decisions()));
        key(h, "revocations", "Revocations", s.revocations());
        key(h, "activeWaivers.count", "Active waivers (now)", s.activeWaivers().count());
        for (Map.Entry<String, BigDecimal> e : s.activeWaivers().grantedValue().entrySet()) {
            key(h, "activeWaivers.grantedValue." + e.getKey(), "Granted value of active waivers (" + e.getKey() + ")", e.getValue().toPlainString());
        }
        key(h, "precedentConsistency.consistency", "Precedent consistency", FigureText.value(s.precedentConsistency().consistency(), s.precedentConsistency().decisionsWithPrecedents()));
        key(h, "utilisation.overages", "Overages", s.utilisation().overages());
        key(h, "utilisation.underuse", "Possibly unneeded (underuse)", s.utilisation().underuse());
        h.append("</table>\n");

        chart(h, "cycle-time", "Cycle time trend (hours from receipt to decision, per week)");
        table(h, "cycle-time-table", List.of("Week", "Decisions", "Mean hours", "p50 hours"),
                s.cycleTimeTrend().stream().map(p -> List.<Object>of(p.week(), p.decisions(), p.meanHours(), p.p50Hours())).toList());
        table(h, "decision-time-table", List.of("Track", "Tier", "Decisions", "Mean hours", "p50 hours", "p90 hours"),
                s.decisionTime().byTrackTier().stream().map(t -> List.<Object>of(t.track(), t.tier(), t.times().count(),
                        t.times().meanHours(), t.times().p50Hours(), t.times().p90Hours())).toList());

        chart(h, "volume-by-type", "Volume by exception type");
        table(h, "volume-by-type-table", List.of("Type", "Requests"),
                s.requests().byType().entrySet().stream().map(e -> List.<Object>of(e.getKey(), e.getValue())).toList());
        table(h, "requests-table", List.of("Channel", "Type", "Outcome", "Requests"),
                s.requests().breakdown().stream().map(r -> List.<Object>of(r.channel(), r.type(), r.outcome(), r.count())).toList());

        chart(h, "sla", "SLA adherence of approval levels");
        table(h, "sla-table", List.of("Judged", "Met", "Missed", "Adherence", "Escalations"),
                List.of(List.of(s.sla().judged(), s.sla().met(), s.sla().missed(), s.sla().adherence(), s.sla().escalations())));

        chart(h, "rates", "Approval, renewal and dispute rates, precedent consistency");
        table(h, "rates-table", List.of("Rate", "Value", "Of"), List.of(
                List.of("approval", s.approvals().approvalRate(), s.approvals().approved() + " approved of " + (s.approvals().approved() + s.approvals().denied())),
                List.of("renewal", s.renewals().renewalRate(), s.renewals().renewed() + " renewed of " + s.renewals().ended() + " ended"),
                List.of("dispute", s.disputes().disputeRate(), s.disputes().disputed() + " disputed of " + s.disputes().decisions()),
                List.of("precedent consistency", s.precedentConsistency().consistency(),
                        s.precedentConsistency().decisionsWithPrecedents() + " decisions with precedents")));
        if (!s.disputes().references().isEmpty()) {
            h.append("<p class=\"note\">Disputed: ").append(esc(String.join(", ", s.disputes().references()))).append("</p>\n");
        }

        chart(h, "top-customers", "Top customers by exceptions");
        table(h, "top-customers-table", List.of("Customer", "Name", "Requests", "Approved"),
                s.topCustomers().stream().map(c -> List.<Object>of(c.customerId(), c.customerName() == null ? "" : c.customerName(),
                        c.requests(), c.approved())).toList());

        h.append("<h2>Utilisation of waivers</h2>\n");
        table(h, "utilisation-table", List.of("Waiver", "Finding", "Customer", "Product", "Metric", "Period", "Used", "Granted", "% of granted"),
                s.utilisation().flags().stream().map(f -> List.<Object>of(f.ref(), "UNDERUSE".equals(f.kind()) ? "UNDERUSE (possibly not needed at renewal)" : f.kind(),
                        nz(f.customerId()), nz(f.product()), f.metric(), f.period(), f.used().toPlainString(), f.granted().toPlainString(),
                        f.percent().toPlainString())).toList());

        h.append("<h2>Billing compared with waivers</h2>\n");
        table(h, "billing-findings-table", List.of("Waiver", "Finding", "Customer", "Product", "Billed period", "Granted", "Billed", "Invoice", "Line"),
                s.billing().list().stream().map(f -> List.<Object>of(f.ref(), f.kind(), nz(f.customerId()), nz(f.product()),
                        f.periodStart() + " to " + f.periodEnd(), f.expected(), f.billed(), nz(f.invoice()), shortKey(f.lineKey()))).toList());

        h.append("<script type=\"application/json\" id=\"lexhub-summary\">").append(summaryJson.replace("<", "\\u003c")).append("</script>\n");
        h.append("<script>\n").append(echarts.replace("</script", "<\\/script")).append("\n</script>\n");
        h.append("<script>\n").append(CHARTS).append("</script>\n</body></html>\n");
        return h.toString();
    }

    /** A line's own id as sent ("id:" dropped), or the start of the digest of a line sent without one. */
    private static String shortKey(String key) {
        return key.startsWith("id:") ? key.substring(3) : key.substring(0, Math.min(key.length(), 19)) + "...";
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static void key(StringBuilder h, String metric, String label, Object value) {
        h.append("<tr><td>").append(esc(label)).append("</td><td class=\"n\" data-metric=\"").append(esc(metric)).append("\">")
                .append(esc(String.valueOf(value))).append("</td></tr>\n");
    }

    private static void chart(StringBuilder h, String id, String title) {
        h.append("<h2>").append(esc(title)).append("</h2>\n<div class=\"chart\" id=\"chart-").append(id).append("\"></div>\n");
    }

    private static void table(StringBuilder h, String id, List<String> headers, List<List<Object>> rows) {
        h.append("<table id=\"").append(id).append("\"><tr>");
        for (String c : headers) h.append("<th>").append(esc(c)).append("</th>");
        h.append("</tr>\n");
        if (rows.isEmpty()) h.append("<tr><td colspan=\"").append(headers.size()).append("\">none in this period</td></tr>\n");
        for (List<Object> r : rows) {
            h.append("<tr>");
            for (Object v : r) h.append(v instanceof Number ? "<td class=\"n\">" : "<td>").append(esc(String.valueOf(v))).append("</td>");
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    // draws each chart from the embedded summary; data-drawn="true" marks a chart that rendered
    private static final String CHARTS = """
            (function () {
              var s = JSON.parse(document.getElementById('lexhub-summary').textContent);
              function draw(id, option) {
                var el = document.getElementById('chart-' + id);
                var c = echarts.init(el, null, {renderer: 'svg'});
                c.setOption(Object.assign({animation: false, tooltip: {}}, option));
                el.setAttribute('data-drawn', 'true');
              }
              var weeks = s.cycleTimeTrend.map(function (p) { return p.week; });
              draw('cycle-time', {legend: {}, xAxis: {type: 'category', data: weeks}, yAxis: {type: 'value', name: 'hours'},
                series: [{name: 'mean', type: 'line', data: s.cycleTimeTrend.map(function (p) { return p.meanHours; })},
                         {name: 'p50', type: 'line', data: s.cycleTimeTrend.map(function (p) { return p.p50Hours; })}]});
              var types = Object.keys(s.requests.byType);
              draw('volume-by-type', {xAxis: {type: 'category', data: types}, yAxis: {type: 'value'},
                series: [{type: 'bar', data: types.map(function (t) { return s.requests.byType[t]; })}]});
              // nothing judged: no pie (an empty one draws as two equal halves), a note instead
              if (s.sla.judged > 0) {
                draw('sla', {legend: {}, series: [{type: 'pie', radius: '60%',
                  data: [{name: 'met', value: s.sla.met}, {name: 'missed', value: s.sla.missed}]}]});
              } else {
                document.getElementById('chart-sla').textContent = 'No approval level was judged against its SLA in this period.';
              }
              draw('rates', {xAxis: {type: 'category', data: ['approval', 'renewal', 'dispute', 'precedent consistency']},
                yAxis: {type: 'value', max: 100, name: '%'},
                series: [{type: 'bar', data: [s.approvals.approvalRate, s.renewals.renewalRate, s.disputes.disputeRate,
                  s.precedentConsistency.consistency].map(function (r) { return Math.round(r * 1000) / 10; })}]});
              var top = s.topCustomers.slice().reverse();
              draw('top-customers', {grid: {left: 160}, xAxis: {type: 'value'},
                yAxis: {type: 'category', data: top.map(function (c) { return c.customerName || c.customerId; })},
                series: [{type: 'bar', data: top.map(function (c) { return c.requests; })}]});
            })();
            """;
}
