package io.lexhub.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.model.Issue;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the lifecycle mails say, rendered from the shipped templates. */
class NoticeWordingTest {

    final Notices notices = new Notices(new Templates(Path.of("config/templates")), Languages.of(Messages.load(Path.of("config/messages")), null));

    @Test
    void theDaysLeftAreSaidInWords() {
        assertThat(Notices.endsIn(0)).isEqualTo("today");
        assertThat(Notices.endsIn(1)).isEqualTo("tomorrow");
        assertThat(Notices.endsIn(7)).isEqualTo("in 7 days");
        Notice customer = notices.waivers().expiryReminder("EXC-2027-000001", "C-1", "Acme", "it@acme.example", "Lexicon", "EXTRA_SEATS",
                LocalDate.of(2027, 2, 2), 0, List.of()).get(0);
        assertThat(customer.body()).contains("ends today, on 2027-02-02").doesNotContain("day(s)");
    }

    @Test
    void theInternalCopiesOfRemindersAndEndingsAreWrittenForTheDesk() {
        List<Notice> reminder = notices.waivers().expiryReminder("EXC-2027-000001", "C-1", "Acme", "it@acme.example", "Lexicon", "EXTRA_SEATS",
                LocalDate.of(2027, 2, 2), 7, List.of("desk@vendor.example"));
        assertThat(reminder.get(0).subject()).startsWith("[EXC-2027-000001] Your license exception");
        assertThat(reminder.get(1).subject()).isEqualTo("[EXC-2027-000001] Waiver for Acme ends in 7 days (2027-02-02)");
        assertThat(reminder.get(1).body()).doesNotContain("Hello", "your entitlement", "If you still need it");

        for (String how : List.of("sunset", "revoked")) {
            List<Notice> ended = notices.waivers().waiverEnded("EXC-2027-000001", "Acme", "C-1", "it@acme.example", "Lexicon", "EXTRA_SEATS",
                    LocalDate.of(2027, 2, 2), "{}", how, "Breach of the pilot terms", List.of("desk@vendor.example"), Instant.EPOCH);
            assertThat(ended.get(0).body()).contains("Hello");
            assertThat(ended.get(1).body()).as(how).contains("The customer has been told").doesNotContain("Hello", "Your entitlement");
        }
    }

    @Test
    void anIssueLineNamesItsFieldOnce() {
        assertThat(Notices.line(Issue.invalid("terms.seats", "above-limit", "terms.seats (9000) is above the limit")))
                .isEqualTo("terms.seats (9000) is above the limit");
        assertThat(Notices.line(Issue.invalid("terms.end", "above-limit", "The requested period is 400 days")))
                .isEqualTo("terms.end: The requested period is 400 days");
    }
}
