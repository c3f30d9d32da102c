package io.lexhub.pipeline.approval;

import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.audit.AuditEvent;
import io.lexhub.audit.AuditTrail;
import io.lexhub.model.Json;
import io.lexhub.store.EvidenceStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What was filed about a request besides its terms, for the review package: the mails and Jira
 * comments filed as correspondence or supplements (their audit events request.correspondence and
 * request.supplemented are where they are kept), the evidence files (without their bytes, each with
 * the address it downloads from) and the attachments that were refused (evidence.refused).
 */
public final class CaseRecord {

    private final AuditTrail audit;
    private final EvidenceStore evidence;

    public CaseRecord(AuditTrail audit, EvidenceStore evidence) {
        this.audit = audit;
        this.evidence = evidence;
    }

    /** Adds "correspondence", "evidence" and "evidenceRefused" to the package, in the caller's transaction. */
    void add(Connection c, String reference, Map<String, Object> pkg) throws SQLException {
        List<Map<String, Object>> mails = new ArrayList<>();
        List<Map<String, Object>> refused = new ArrayList<>();
        for (AuditEvent e : audit.eventsOf(c, reference)) {
            switch (e.type()) {
                case "request.correspondence", "request.supplemented" -> mails.add(message(e));
                case "evidence.refused" -> {
                    JsonNode p = payload(e);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("at", e.at().toInstant().toString());
                    m.put("name", p.path("name").asText());
                    m.put("reason", p.path("reason").asText());
                    m.put("from", e.actor());
                    refused.add(m);
                }
                default -> { }
            }
        }
        List<Map<String, Object>> files = new ArrayList<>();
        for (EvidenceStore.Row r : evidence.of(c, reference)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("fileName", r.fileName());
            m.put("contentType", r.contentType());
            m.put("size", r.size());
            m.put("sha256", r.sha256());
            m.put("filedBy", r.filedBy());
            m.put("channel", r.channel());
            m.put("filedAt", r.filedAt().toInstant().toString());
            m.put("href", "/api/requests/" + reference + "/evidence/" + r.id());
            files.add(m);
        }
        pkg.put("correspondence", mails);
        pkg.put("evidence", files);
        pkg.put("evidenceRefused", refused);
    }

    /** One message as the payload of its event has it: a mail (from, subject, text) or a Jira comment (author, command). */
    private static Map<String, Object> message(AuditEvent e) {
        JsonNode p = payload(e);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", e.at().toInstant().toString());
        m.put("kind", e.type().equals("request.supplemented") ? "supplement" : "correspondence");
        m.put("channel", p.has("issueKey") ? "jira" : "mail");
        m.put("from", p.has("from") ? p.path("from").asText() : p.has("author") ? p.path("author").asText() : e.actor());
        m.put("subject", p.has("subject") ? p.path("subject").asText() : p.has("issueKey") ? "Comment on " + p.path("issueKey").asText() : "");
        String text;
        if (p.has("text")) text = p.path("text").asText();
        else if (p.has("command")) text = p.path("command").asText();
        else {
            List<String> fields = new ArrayList<>();
            p.path("supplied").fieldNames().forEachRemaining(fields::add);
            text = fields.isEmpty() ? "" : "Supplied: " + String.join(", ", fields);
        }
        m.put("text", text);
        return m;
    }

    private static JsonNode payload(AuditEvent e) {
        try {
            return Json.MAPPER.readTree(e.payload());
        } catch (Exception x) {
            throw new IllegalStateException("audit event " + e.seq() + " has an unreadable payload", x);
        }
    }
}
