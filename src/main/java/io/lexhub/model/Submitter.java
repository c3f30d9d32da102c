package io.lexhub.model;

/**
 * Who submitted a request as the channel authenticated them, as opposed to the {@code requester}
 * the document names. {@code principal} is the channel's identity ("mail:anna@x.example",
 * "jira-account:5b10...", "jira-user:amoreau", "api-key:&lt;owner&gt;"), {@code email} the address
 * it maps to when known, {@code how} what proved it (for the audit trail). Both the submitter and
 * the requester count as interested parties: neither may approve.
 */
public record Submitter(String principal, String email, String name, String how) {}
