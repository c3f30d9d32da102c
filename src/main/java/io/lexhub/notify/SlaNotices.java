package io.lexhub.notify;

import io.lexhub.approval.Approver;
import io.lexhub.model.ExceptionRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the SLA sweep tells people about a level that waits too long: the approver's reminder,
 * the escalation to backups and managers, and the requester's note that the decision is late.
 * Built on {@link Notices}; pure, like it.
 */
public final class SlaNotices {

    private final Notices base;

    SlaNotices(Notices base) {
        this.base = base;
    }

    /** A reminder to an approver whose level is waiting past its reminder point. */
    public Notice approvalReminder(String ref, int round, int level, String role, Approver to, ExceptionRequest r, java.time.Instant dueAt) {
        Map<String, Object> s = base.requestScope(ref, r, Messages.ENGLISH);
        s.put("approverName", to.name());
        s.put("level", level);
        s.put("role", role);
        s.put("dueAt", dueAt.toString());
        Templates.Rendered m = base.templates.render("approval-reminder", s);
        return Notices.marked(r, new Notice("reminder:" + ref + ":r" + round + ":l" + level + ":" + to.id(), Notice.MAIL, to.email(), m.subject(), m.body()));
    }

    /** Escalation of a level past its SLA to an approver's backup or manager. */
    public Notice escalation(String ref, int round, int level, String role, Approver to, List<String> late, ExceptionRequest r) {
        Map<String, Object> s = base.requestScope(ref, r, Messages.ENGLISH);
        s.put("recipientName", to.name());
        s.put("level", level);
        s.put("role", role);
        s.put("late", String.join(", ", late));
        Templates.Rendered m = base.templates.render("approval-escalation", s);
        return Notices.marked(r, new Notice("escalation:" + ref + ":r" + round + ":l" + level + ":" + to.id(), Notice.MAIL, to.email(), m.subject(), m.body()));
    }

    /** The note to the requester that a decision is late. */
    public List<Notice> delayed(String ref, int round, int level, ExceptionRequest r) {
        if (r.replyAddress() == null || r.practiceRun()) return List.of();
        Locale locale = base.localeOf(r);
        Templates.Rendered m = base.templates.render("decision-delayed", locale, base.requestScope(ref, r, locale));
        return List.of(new Notice("delayed:" + ref + ":r" + round + ":l" + level, Notice.MAIL, r.replyAddress(), m.subject(), m.body()));
    }
}
