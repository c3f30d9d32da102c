package io.lexhub.audit;

import java.util.List;

/**
 * The tables that grant rights or record outcomes, and what of each row the audit chain vouches
 * for. Adding a table is one entry here plus {@link AuditTrail#recordRow} after each write to it.
 * Not here: SLA bookkeeping (approval_levels' remind/due columns), the outbox, intake logs and
 * claims, quarantine, usage figures: none of them grants a right or records a decision.
 */
public final class RecordedTables {

    private RecordedTables() {}

    public static final Recorded REQUESTS = new Recorded("requests", "request.recorded", List.of("reference"),
            List.of("state", "source", "external_id", "customer_id", "customer_name", "reply_to", "product", "exception_type",
                    "start_date", "end_date", "track", "risk_score", "risk_level", "tier", "policy_version", "content_sha256",
                    "request_json", "assessment_json"));

    /** Who may decide which level, and which levels are done: a level set APPROVED by hand would skip it. */
    public static final Recorded APPROVAL_LEVELS = new Recorded("approval_levels", "approval-level.recorded",
            List.of("request_ref", "round", "level_no"), List.of("role", "mode", "required", "members", "status", "terms_hash"));

    public static final Recorded VOTES = new Recorded("approval_votes", "vote.recorded", List.of("request_ref", "round", "level_no", "seat"),
            List.of("approver_id", "on_behalf_of", "vote", "rationale", "conditions", "terms_hash", "policy_version", "channel"));

    public static final Recorded DECISIONS = new Recorded("decisions", "decision.recorded", List.of("request_ref", "round"),
            List.of("outcome", "rationale", "conditions", "approvers", "terms_hash", "policy_version", "decided_by"));

    public static final Recorded WAIVERS = new Recorded("waivers", "waiver.recorded", List.of("request_ref"),
            List.of("state", "customer_id", "product", "exception_type", "start_date", "end_date", "granted", "renewal_of",
                    "renewal_count", "policy_review"));

    public static final Recorded DELEGATIONS = new Recorded("delegations", "delegation.recorded", List.of("id"),
            List.of("delegator", "delegate", "role", "valid_from", "valid_until", "revoked_at"));

    /** A key hash inserted by hand, or a revocation undone, would let someone in. */
    public static final Recorded API_KEYS = new Recorded("api_keys", "api-key.recorded", List.of("key_id"),
            List.of("key_hash", "owner", "scopes", "label", "expires_at", "revoked_at"));

    /** A token hash inserted by hand would be a decision link nobody was sent. */
    public static final Recorded DECISION_TOKENS = new Recorded("decision_tokens", "decision-token.recorded", List.of("request_ref", "token_hash"),
            List.of("round", "level_no", "approver_id", "action", "expires_at", "used_at"));

    public static final List<Recorded> ALL = List.of(REQUESTS, APPROVAL_LEVELS, VOTES, DECISIONS, WAIVERS, DELEGATIONS, API_KEYS, DECISION_TOKENS);
}
