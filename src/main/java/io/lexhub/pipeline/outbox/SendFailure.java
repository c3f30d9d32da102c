package io.lexhub.pipeline.outbox;

import io.lexhub.jira.JiraException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Whether a failed send can succeed later. Permanent: the receiving side refused this message
 * for what it is (an address the mail server rejects with a 5xx, Jira's 400/404/409/410/422: an
 * issue gone, a transition the workflow does not have, a body it will not take). Sending it again
 * unchanged only repeats the refusal, so the hub stops at once. Everything else (no connection,
 * 4xx mail answers, 429, 5xx, Jira refusing the hub's credentials) may pass later and is retried
 * up to lexhub.outbox.max-attempts.
 */
public final class SendFailure {

    private SendFailure() {}

    public static boolean permanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JiraException j) return j.status() == 400 || j.status() == 404 || j.status() == 409 || j.status() == 410 || j.status() == 422;
            if (t instanceof AddressException) return true;
            if (t instanceof SMTPAddressFailedException a) return a.getReturnCode() >= 500;
            if (t instanceof SMTPSendFailedException s) return s.getReturnCode() >= 500;
            if (t instanceof SendFailedException s && s.getValidSentAddresses() == null && s.getValidUnsentAddresses() == null
                    && s.getInvalidAddresses() != null && s.getInvalidAddresses().length > 0) {
                return true;
            }
        }
        return false;
    }
}
