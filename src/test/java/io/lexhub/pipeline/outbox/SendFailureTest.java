package io.lexhub.pipeline.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.jira.JiraException;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.apache.camel.RuntimeCamelException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.Test;

/** Which refusals the outbox gives up on at once, as the SMTP server and Jira word them. */
class SendFailureTest {

    @Test
    void refusalsThatWillNotChangeArePermanent() throws Exception {
        InternetAddress to = new InternetAddress("nobody@customer.example");
        // RCPT TO answered 550 (no such mailbox), wrapped as Angus Mail and camel-mail hand it on
        SMTPAddressFailedException rejected = new SMTPAddressFailedException(to, "RCPT TO", 550, "550 5.1.1 no such user");
        SendFailedException send = new SendFailedException("Invalid Addresses", rejected, new Address[0], new Address[0], new Address[] {to});
        assertThat(SendFailure.permanent(new RuntimeCamelException(send))).isTrue();
        assertThat(SendFailure.permanent(new AddressException("Illegal character in domain", "a@b c"))).isTrue();
        assertThat(SendFailure.permanent(new JiraException(409, "LEX-1 has no transition 'Escalate'"))).isTrue();
        assertThat(SendFailure.permanent(new JiraException(404, "Issue does not exist"))).isTrue();
        assertThat(SendFailure.permanent(new JiraException(400, "comment too long"))).isTrue();
    }

    @Test
    void whatMayPassLaterIsRetried() throws Exception {
        InternetAddress to = new InternetAddress("someone@customer.example");
        // 450/452: mailbox busy, over quota for now
        assertThat(SendFailure.permanent(new SMTPAddressFailedException(to, "RCPT TO", 452, "452 4.2.2 mailbox full"))).isFalse();
        assertThat(SendFailure.permanent(new MessagingException("Could not connect to SMTP host: localhost, port: 25"))).isFalse();
        assertThat(SendFailure.permanent(new JiraException(503, "Service Unavailable"))).isFalse();
        assertThat(SendFailure.permanent(new JiraException(429, "Too Many Requests"))).isFalse();
        assertThat(SendFailure.permanent(new JiraException(401, "Unauthorized"))).as("credentials are fixed by the operator, then it passes").isFalse();
        assertThat(SendFailure.permanent(new JiraException(0, "connection refused"))).isFalse();
    }
}
