package io.lexhub.notify;

import io.lexhub.model.ExceptionRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the hub writes on a Jira ticket (docs/jira.md): the decision as a comment and, where one
 * is configured, a transition; the answer to a comment command it did not record; what to fix
 * in a ticket it could not read. Built on {@link Notices}; pure, like it.
 */
public final class JiraNotices {

    private final Notices base;

    JiraNotices(Notices base) {
        this.base = base;
    }

    /** The decision on a Jira ticket: a comment and, when one is configured, a transition. */
    public List<Notice> jiraDecision(String reference, int round, String issueKey, ExceptionRequest r, boolean approved, String rationale,
            List<String> conditions) {
        if (r.practiceRun()) return List.of();
        Map<String, Object> s = base.requestScope(reference, r, Messages.ENGLISH);
        s.put("outcome", approved ? "APPROVED" : "DENIED");
        s.put("rationale", rationale);
        s.put("conditions", conditions);
        Templates.Rendered comment = base.templates.render("jira-decision", s);
        List<Notice> out = new ArrayList<>();
        String key = "decision:" + reference + ":r" + round + ":jira-";
        out.add(new Notice(key + "comment", Notice.JIRA_COMMENT, issueKey, comment.subject(), comment.body()));
        String transition = approved ? base.transitions.approved() : base.transitions.denied();
        if (transition != null) out.add(new Notice(key + "transition", Notice.JIRA_TRANSITION, issueKey, "transition " + transition, transition));
        return out;
    }

    /** The answer to a Jira comment command that was not recorded, with every reason. */
    public Notice jiraRefusal(String reference, String issueKey, String commentId, String who, String command, List<String> reasons) {
        Templates.Rendered comment = base.templates.render("jira-refusal",
                Map.of("reference", reference, "who", who, "command", command, "reasons", reasons));
        return new Notice("jira-refusal:" + issueKey + ":" + commentId, Notice.JIRA_COMMENT, issueKey, comment.subject(), comment.body());
    }

    /**
     * A comment on a ticket that could not be read, telling its author what to fix; {@code version}
     * names what was read (the same content is answered once, whatever moved its 'updated').
     */
    public Notice jiraUnreadable(String issueKey, String version, List<String> reasons) {
        Templates.Rendered comment = base.templates.render("jira-unreadable", Map.of("reasons", reasons));
        return new Notice("jira-unreadable:" + issueKey + ":" + version, Notice.JIRA_COMMENT, issueKey, comment.subject(), comment.body());
    }
}
