package io.lexhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which Authentication-Results count (RFC 8601 section 5): only the receiving server's, above the
 * first Received line it did not write. Messages are parsed from raw text, so the header order is
 * exactly as written here (top = last added).
 */
class AuthenticationResultsTest {

    static final String OURS = "Received: from mail.sender.example (mail.sender.example [192.0.2.7])\n by mx.lexhub.test with ESMTPS id 1; Mon, 7 Dec 2026 10:00:00 +0000\n";
    static final String THEIRS = "Received: from laptop (unknown [10.0.0.2])\n by mail.sender.example with ESMTPSA id 2; Mon, 7 Dec 2026 09:59:59 +0000\n";
    static final String BODY_HEADERS = "From: eve@m5.example\nTo: licensing@lexhub.test\nSubject: request\nMessage-ID: <x@m5.example>\n";

    final MailParser parser = new MailParser(new MailParser.Limits(50_000, 10_000, 2));
    final SenderCheck check = new SenderCheck("mx.lexhub.test", Set.of("internal.lexhub.test"), Map.of(), Set.of());

    Optional<String> verdict(String headers) {
        byte[] raw = (headers + BODY_HEADERS + "\n" + "Seats: 5\n").replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
        return check.authentication(parser.parse(raw).trace());
    }

    @Test
    void theServersFailOutweighsAForgedPassBelowItsReceivedLine() {
        assertThat(verdict("Authentication-Results: mx.lexhub.test; dmarc=fail header.from=m5.example\n" + OURS
                + THEIRS + "Authentication-Results: mx.lexhub.test; dmarc=pass header.from=m5.example\n"))
                .get().asString().contains("DMARC did not pass", "dmarc=fail");
    }

    @Test
    void theServersPassIsNotSpoiledByAForgedFailBelow() {
        assertThat(verdict("Authentication-Results: mx.lexhub.test; spf=pass; dmarc=pass\n" + OURS
                + THEIRS + "Authentication-Results: mx.lexhub.test; dmarc=fail\n")).isEmpty();
    }

    @Test
    void aForgedPassWithNothingFromTheServerAboveItIsRefused() {
        // the receiving server stamped nothing; the sender's stamp below a foreign Received line does not make it verified
        assertThat(verdict(OURS + THEIRS + "Authentication-Results: mx.lexhub.test; dmarc=pass\n"))
                .get().asString().contains("came with the message");
        assertThat(verdict(OURS + THEIRS)).isEmpty(); // no stamp at all: unverified, as before
    }

    @Test
    void anAuthenticationResultsBelowTheServersOwnReceivedLinesStillCounts() {
        // some servers (Gmail) write their stamp just below their own Received line; internal hops are receiving hosts too
        String internal = "Received: by smtp1.internal.lexhub.test with LMTP; Mon, 7 Dec 2026 10:00:01 +0000\n";
        assertThat(verdict(internal + OURS + "Authentication-Results: mx.lexhub.test; dmarc=pass\n" + THEIRS)).isEmpty();
        assertThat(verdict(internal + OURS + "Authentication-Results: mx.lexhub.test; dmarc=fail\n" + THEIRS
                + "Authentication-Results: mx.lexhub.test; dmarc=pass\n")).isPresent();
    }

    @Test
    void severalStampsOfTheServerMustAllPass() {
        assertThat(verdict("Authentication-Results: mx.lexhub.test; dkim=pass header.d=m5.example\n"
                + "Authentication-Results: mx.lexhub.test; spf=pass; dmarc=pass\n" + OURS)).isEmpty();
        assertThat(verdict("Authentication-Results: mx.lexhub.test; dmarc=pass\n"
                + "Authentication-Results: mx.lexhub.test; dmarc=fail\n" + OURS)).get().asString().contains("dmarc=pass,fail");
        assertThat(verdict("Authentication-Results: mx.lexhub.test; spf=pass\n" + OURS)).get().asString().contains("no dmarc result");
    }

    @Test
    void theIdIsReadWithOddSpacingCaseCommentsAndAVersion() {
        assertThat(verdict("Authentication-Results:   MX.LexHub.Test.  ;dmarc = FAIL\n" + OURS)).isPresent();
        assertThat(verdict("Authentication-Results: (checked by us) mx.lexhub.test 1 (v1);\n dmarc=fail (p=reject) header.from=m5.example\n" + OURS))
                .get().asString().contains("dmarc=fail");
        assertThat(verdict("Authentication-Results: \"mx.lexhub.test\"; dmarc=fail\n" + OURS)).isPresent();
    }

    @Test
    void theTrustedIdOrAPassInACommentSaysNothing() {
        // another server's header naming ours in a comment is not ours
        assertThat(verdict("Authentication-Results: (mx.lexhub.test) attacker.example; dmarc=pass\n" + OURS)).isEmpty();
        assertThat(verdict("Authentication-Results: mx.lexhub.test; dmarc=fail\n"
                + "Authentication-Results: (mx.lexhub.test) attacker.example; dmarc=pass\n" + OURS)).isPresent();
        // a pass inside a comment or a quoted string of the server's own header is no result
        assertThat(verdict("Authentication-Results: mx.lexhub.test; dmarc=fail (dmarc=pass; really)\n" + OURS))
                .get().asString().contains("dmarc=fail)");
        assertThat(verdict("Authentication-Results: mx.lexhub.test; dkim=pass header.i=\"x; dmarc=pass\"\n" + OURS))
                .get().asString().contains("no dmarc result");
        // policy.dmarc or a method merely containing the word is not the dmarc method
        assertThat(verdict("Authentication-Results: mx.lexhub.test; x-dmarc=pass; spf=pass policy.dmarc=pass\n" + OURS))
                .get().asString().contains("no dmarc result");
    }

    @Test
    void aReceivedLineByAnotherHostThatMerelyMentionsOursIsForeign() {
        String fake = "Received: from mx.lexhub.test (mx.lexhub.test) by evil.example; Mon, 7 Dec 2026 09:59:00 +0000\n";
        assertThat(verdict(OURS + fake + "Authentication-Results: mx.lexhub.test; dmarc=pass\n")).isPresent();
        String lookalike = "Received: from x by mx.lexhub.test.evil.example; Mon, 7 Dec 2026 09:59:00 +0000\n";
        assertThat(verdict(OURS + lookalike + "Authentication-Results: mx.lexhub.test; dmarc=pass\n")).isPresent();
    }
}
