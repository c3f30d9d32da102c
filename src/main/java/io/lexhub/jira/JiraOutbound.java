package io.lexhub.jira;

import io.lexhub.notify.Notice;
import io.lexhub.store.OutboxStore;

/** Sends an outbox row of a Jira channel: a comment, or a transition looked up by name. */
public final class JiraOutbound {

    private final JiraApi api;

    public JiraOutbound(JiraApi api) {
        this.api = api;
    }

    public void send(OutboxStore.Message m) {
        switch (m.channel()) {
            case Notice.JIRA_COMMENT -> api.addComment(m.recipient(), m.body());
            case Notice.JIRA_TRANSITION -> api.transition(m.recipient(), m.body());
            default -> throw new IllegalArgumentException("outbox channel '" + m.channel() + "' is not a Jira channel");
        }
    }
}
