package io.lexhub.pipeline.channel;

import io.lexhub.pipeline.DecisionRefusedException;
import io.lexhub.pipeline.NotDecidableException;
import io.lexhub.pipeline.UnknownRequestException;
import io.lexhub.pipeline.approval.DecisionCommand;
import io.lexhub.pipeline.approval.DecisionOutcome;
import io.lexhub.intake.IntakeCase;
import io.lexhub.intake.IntakeOutcome;
import io.lexhub.pipeline.intake.IntakeSteps;
import io.lexhub.pipeline.intake.StartApproval;
import io.lexhub.pipeline.intake.UnreadableInputException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.intake.ContentHash;
import io.lexhub.intake.RawSubmission;
import io.lexhub.jira.JiraApi;
import io.lexhub.jira.JiraException;
import io.lexhub.jira.JiraMapping;
import io.lexhub.jira.JiraSettings;
import io.lexhub.jira.JiraUsers;
import io.lexhub.jira.MalformedIssueException;
import io.lexhub.model.RequestState;
import io.lexhub.model.Submitter;
import io.lexhub.notify.Notices;
import io.lexhub.store.DatabaseUnavailableException;
import io.lexhub.store.JiraLedger;
import io.lexhub.model.Json;
import io.lexhub.store.QuarantineStore;
import io.lexhub.store.RequestStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of Jira: every ticket the JQL finds becomes a request (source jira, external id the
 * issue key), an edit completes a NEEDS_INFO request, and "/approve ..." or "/deny ..." comments
 * of mapped approvers on a ticket waiting for approval become decisions. A ticket that cannot be
 * read is quarantined and the poll goes on. No Camel types: the route hands in the way to
 * direct:intake and direct:decide.
 */
public final class JiraIntake {

    private static final Logger LOG = LoggerFactory.getLogger("lexhub.jira");
    private static final Pattern COMMAND = Pattern.compile("^\\s*/(approve|deny)\\b\\s*(.*)$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /** What one poll did, for its log line. */
    public record PollResult(int tickets, int created, int supplemented, int commands, int quarantined, String failure) {
        public String summaryLine() {
            return failure != null ? "jira poll failed: " + failure
                    : "jira poll: " + tickets + " ticket(s), " + created + " new, " + supplemented + " supplemented, " + commands
                            + " command(s), " + quarantined + " quarantined";
        }
    }

    private final JiraApi api;
    private final JiraMapping mapping;
    private final JiraLedger ledger;
    private final RequestStore requests;
    private final QuarantineStore quarantine;
    private final IntakeSteps steps;
    private final StartApproval start;
    private final Notices notices;
    private final ApproverDirectory directory;
    private final JiraUsers users;
    private final Function<RawSubmission, IntakeOutcome> intake;
    private final Function<DecisionCommand, DecisionOutcome> decide;
    private final Clock clock;
    /** the access problem last reported, so a wrong token is logged once, not on every poll */
    private final AtomicReference<String> accessProblem = new AtomicReference<>();

    public JiraIntake(JiraApi api, JiraMapping mapping, JiraLedger ledger, RequestStore requests, QuarantineStore quarantine,
            IntakeSteps steps, StartApproval start, Notices notices, ApproverDirectory directory, JiraUsers users,
            Function<RawSubmission, IntakeOutcome> intake, Function<DecisionCommand, DecisionOutcome> decide, Clock clock) {
        this.api = api;
        this.mapping = mapping;
        this.ledger = ledger;
        this.requests = requests;
        this.quarantine = quarantine;
        this.steps = steps;
        this.start = start;
        this.notices = notices;
        this.directory = directory;
        this.users = users;
        this.intake = intake;
        this.decide = decide;
        this.clock = clock;
    }

    /** Jira's refusal of the hub's credentials, while it lasts (for the health check). */
    public Optional<String> accessProblem() {
        return Optional.ofNullable(accessProblem.get());
    }

    public PollResult poll() {
        List<JsonNode> issues;
        Map<String, String> fieldNames;
        try {
            JiraApi.Search found = api.search(api.settings().jql(), mapping.jiraFields());
            issues = found.issues();
            fieldNames = mapping.fieldNames(found.names());
        } catch (JiraException e) {
            if (e.accessDenied()) reportAccess(e);
            else LOG.warn("jira search failed, trying again next poll: {}", e.getMessage());
            return new PollResult(0, 0, 0, 0, 0, e.getMessage());
        } catch (MalformedIssueException e) {
            LOG.warn("jira search answer unreadable, trying again next poll: {}", e.getMessage());
            return new PollResult(0, 0, 0, 0, 0, e.getMessage());
        }
        if (accessProblem.getAndSet(null) != null) LOG.info("jira access works again");
        int[] n = new int[4];
        for (JsonNode issue : issues) {
            try {
                handle(issue, fieldNames, n);
            } catch (MalformedIssueException e) {
                quarantine(issue, e.getMessage());
                n[3]++;
            } catch (JiraException e) {
                if (e.accessDenied()) reportAccess(e);
                else LOG.warn("jira ticket {} not handled, trying again next poll: {}", issue.path("key").asText("?"), e.getMessage());
            } catch (DatabaseUnavailableException e) {
                throw e; // the whole poll is tried again once the database is back
            } catch (RuntimeException e) {
                // a failure nobody foresaw is this ticket's: quarantined until it is edited, so it neither
                // fails every poll nor stops the tickets after it
                LOG.error("jira ticket {} could not be processed", issue.path("key").asText("?"), e);
                quarantine(issue, "The ticket could not be processed (" + e.getClass().getSimpleName() + "); see the hub's log.");
                n[3]++;
            }
        }
        return new PollResult(issues.size(), n[0], n[1], n[2], n[3], null);
    }

    /** fieldNames: where the ticket's author fills each request field; n: created, supplemented, commands, quarantined */
    private void handle(JsonNode issue, Map<String, String> fieldNames, int[] n) {
        String key = issue.path("key").asText(null);
        JsonNode fields = issue.get("fields");
        String updated = fields == null ? null : fields.path("updated").asText(null);
        if (key == null || key.isBlank() || fields == null || !fields.isObject() || updated == null) {
            throw new MalformedIssueException(List.of("an issue without key, fields or fields.updated"));
        }
        if (ledger.lastUpdated(key).filter(updated::equals).isPresent()) return; // not edited since
        OffsetDateTime now = OffsetDateTime.now(clock);
        boolean closed = "done".equalsIgnoreCase(fields.path("status").path("statusCategory").path("key").asText());
        Optional<String> ref = requests.referenceOf(RawSubmission.JIRA, List.of(key));
        if (closed) {
            LOG.debug("jira {} is closed; ignored", key);
            ledger.seen(key, updated, null, ref.orElse(null), now);
            return;
        }
        if (ref.isEmpty()) {
            byte[] document = Json.write(document(fields)).getBytes(StandardCharsets.UTF_8);
            String read = ContentHash.sha256(document);
            try {
                IntakeOutcome outcome = intake.apply(new RawSubmission(RawSubmission.JIRA, key, null, "application/json", document, clock.instant(),
                        reporter(fields.get("reporter")), fieldNames));
                ledger.seen(key, updated, read, outcome.reference(), now);
                if (!outcome.duplicate()) n[0]++;
            } catch (UnreadableInputException e) {
                // normalise quarantined it; its author is told what to fix, and the hub waits for an edit
                ledger.tell(notices.jira().jiraUnreadable(key, read.substring(0, 16), e.problems()), now);
                ledger.seen(key, updated, read, null, now);
                n[3]++;
            }
            return;
        }
        RequestStore.Stored stored = requests.find(ref.get()).orElseThrow();
        if (stored.state() == RequestState.NEEDS_INFO) {
            ObjectNode document = document(fields);
            String read = ContentHash.sha256(Json.write(document).getBytes(StandardCharsets.UTF_8));
            if (ledger.lastDocument(key).filter(read::equals).isPresent()) {
                // 'updated' moved, but not what the mapping reads: the hub's own comment (Jira moves
                // 'updated' for it) or an edit of other fields. Answering it would answer ourselves for ever.
                ledger.seen(key, updated, read, stored.reference(), now);
                return;
            }
            if (supplement(key, updated, read, stored, document, fieldNames, now)) n[1]++;
            else n[3]++;
            return;
        }
        if (stored.state() == RequestState.PENDING_APPROVAL) n[2] += commands(key, stored.reference());
        ledger.seen(key, updated, null, stored.reference(), now);
    }

    private ObjectNode document(JsonNode fields) {
        return mapping.document(fields, api.settings().api(), users);
    }

    /**
     * The ticket's reporter as Jira authenticated them: the account id (Cloud) or user name
     * (Server), with the e-mail address Jira shows, or where Jira hides it (Cloud, by the user's
     * profile visibility) the one the hub's directory has for the account (never one typed on the
     * ticket: this is who submitted it). Null for a ticket without one.
     */
    Submitter reporter(JsonNode user) {
        if (user == null || !user.isObject()) return null;
        boolean cloud = api.settings().api() == JiraSettings.Api.CLOUD;
        String id = cloud ? user.path("accountId").asText(null) : user.path("name").asText(null);
        if (id == null || id.isBlank()) return null;
        String principal = cloud ? "jira-account:" + id : "jira-user:" + id.toLowerCase(Locale.ROOT);
        String email = user.path("emailAddress").isTextual() ? user.get("emailAddress").asText() : users.email(user).orElse(null);
        return new Submitter(principal, email, user.path("displayName").asText(null), "Jira reporter");
    }

    /** The edited ticket completes a NEEDS_INFO request: assessed again, answered, the ticket version recorded, in one transaction. */
    private boolean supplement(String key, String updated, String read, RequestStore.Stored stored, ObjectNode document,
            Map<String, String> fieldNames, OffsetDateTime now) {
        byte[] bytes = Json.write(document).getBytes(StandardCharsets.UTF_8);
        IntakeCase normalised;
        try {
            normalised = steps.normalise(new RawSubmission(RawSubmission.JIRA, key, null, "application/json", bytes, clock.instant(), null, fieldNames));
        } catch (UnreadableInputException e) {
            ledger.seen(key, updated, read, stored.reference(), now);
            return false;
        }
        IntakeCase assessed = steps.reassess(normalised, stored.reference());
        Map<String, Object> supplied = new LinkedHashMap<>();
        supplied.put("issueKey", key);
        supplied.put("updated", updated);
        supplied.put("supplied", document);
        String dedup = "jira-supplement:" + stored.reference() + ":" + ContentHash.sha256(updated.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        IntakeOutcome outcome = requests.supplement(stored.reference(), assessed, supplied, "jira:" + key, now,
                (conn, r, state) -> start.afterAssessment(conn, r, state, assessed, notices.forAssessment(dedup, r, state, assessed), now),
                conn -> ledger.seen(conn, key, updated, read, stored.reference(), now));
        LOG.info("{} supplemented by an edit of {}: NEEDS_INFO -> RECEIVED -> {}", stored.reference(), key, outcome.state());
        return true;
    }

    /** Acts on the ticket's new "/approve" and "/deny" comments; returns how many it acted on. */
    private int commands(String key, String reference) {
        int acted = 0;
        for (JiraApi.Comment comment : api.comments(key)) {
            Matcher m = comment.text() == null ? null : COMMAND.matcher(comment.text());
            if (m == null || !m.matches() || ledger.commentClaimed(key, comment.id())) continue;
            if (!ledger.claimComment(key, comment.id(), comment.author(), OffsetDateTime.now(clock))) continue;
            acted++;
            String command = "/" + m.group(1).toLowerCase(Locale.ROOT);
            String who = comment.authorName() != null ? comment.authorName() : String.valueOf(comment.author());
            Optional<Approver> approver = comment.author() == null ? Optional.empty()
                    : api.settings().api() == JiraSettings.Api.CLOUD ? directory.byJiraAccountId(comment.author()) : directory.byJiraUser(comment.author());
            if (approver.isEmpty()) {
                refuse(key, reference, comment, who, command, List.of(who + " (" + comment.author() + ") is not in the approver directory"));
                continue;
            }
            if (comment.writtenAt() == null) {
                refuse(key, reference, comment, who, command, List.of("the comment has no readable creation time"));
                continue;
            }
            if (comment.updateAuthor() != null && !comment.updateAuthor().equals(comment.author())) {
                // a Jira administrator may edit anyone's comment: the words must be the approver's own
                refuse(key, reference, comment, who, command, List.of("the comment was edited by " + comment.updateAuthor()
                        + "; only a command its author wrote counts: write it again"));
                continue;
            }
            // bound to when it was written: direct:decide refuses it if the level (or the terms) are newer
            DecisionCommand cmd = new DecisionCommand(reference, approver.get().id(), null,
                    command.equals("/approve") ? DecisionCommand.Action.APPROVE : DecisionCommand.Action.DENY,
                    m.group(2).strip(), List.of(), "jira", null, comment.writtenAt(),
                    "jira:" + approver.get().id() + "(" + key + " comment " + comment.id() + ")");
            try {
                DecisionOutcome outcome = decide.apply(cmd);
                ledger.commentOutcome(key, comment.id(), outcome.result());
            } catch (DecisionRefusedException e) {
                refuse(key, reference, comment, who, command, e.reasons());
            } catch (NotDecidableException | UnknownRequestException | IllegalArgumentException e) {
                refuse(key, reference, comment, who, command, List.of(e.getMessage()));
            }
        }
        return acted;
    }

    /** Tells the commenter on the ticket why their command was not recorded (the refusal itself is audited by direct:decide). */
    private void refuse(String key, String reference, JiraApi.Comment comment, String who, String command, List<String> reasons) {
        LOG.warn("{} {} by {} on {} not recorded: {}", reference, command, who, key, String.join("; ", reasons));
        ledger.commentOutcome(key, comment.id(), "refused: " + String.join("; ", reasons));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("issueKey", key);
        payload.put("commentId", comment.id());
        payload.put("author", comment.author());
        payload.put("command", command);
        payload.put("refused", reasons);
        requests.correspondence(reference, "jira:" + comment.author(), payload,
                List.of(notices.jira().jiraRefusal(reference, key, comment.id(), who, command, reasons)), OffsetDateTime.now(clock), conn -> {});
    }

    /**
     * Keeps an unreadable ticket once per content (its fields but 'updated', which the hub's own
     * comment moves) and tells its author on the ticket what is wrong.
     */
    private void quarantine(JsonNode issue, String reason) {
        String key = issue.path("key").asText("");
        String updated = issue.path("fields").path("updated").asText("");
        byte[] content = issue.toString().getBytes(StandardCharsets.UTF_8);
        JsonNode fields = issue.path("fields").deepCopy();
        if (fields instanceof ObjectNode o) o.remove("updated");
        String version = ContentHash.sha256(fields.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        String externalId = key.isEmpty() ? "sha256:" + ContentHash.sha256(content) : key + "@" + version;
        long id = quarantine.add(new RawSubmission(RawSubmission.JIRA, externalId, null, "application/json", content, clock.instant()), externalId, reason);
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (!key.isEmpty()) ledger.tell(notices.jira().jiraUnreadable(key, version, List.of(reason)), now);
        if (!key.isEmpty() && !updated.isEmpty()) ledger.seen(key, updated, null, null, now);
        LOG.warn("jira {} unreadable (quarantine #{}): {}", key.isEmpty() ? "issue" : key, id, reason);
    }

    private void reportAccess(JiraException e) {
        if (accessProblem.getAndSet(e.getMessage()) == null) {
            LOG.error("Jira refuses the hub ({}): check lexhub.jira.url, the credentials and the account's permissions "
                    + "(browse the project, add comments, transition issues). Polling goes on; this is logged again only after access has worked.",
                    e.getMessage());
        } else {
            LOG.debug("jira access still refused: {}", e.getMessage());
        }
    }
}
