package io.lexhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The mail parser, the request form, HTML to text and the sender rules, without Camel. */
class MailParserTest {

    final MailParser parser = new MailParser(new MailParser.Limits(50_000, 10_000, 2));

    static byte[] mail(String headers, String body) {
        return (headers.replace("\n", "\r\n") + "\r\n" + body.replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsSenderIdsAndText() {
        MailParser.ParsedMail m = parser.parse(mail("""
                From: "Anna A" <Anna@M1.example>
                Subject: Re: [EXC-2026-000123] more
                Message-ID: <abc@m1.example>
                In-Reply-To: <orig@m1.example>
                References: <first@m1.example> <orig@m1.example>
                Authentication-Results: mx.test;
                  dmarc=pass header.from=m1.example
                Content-Type: text/plain; charset=UTF-8
                """, "Seats: 5\n"));
        assertThat(m.fromAddress()).isEqualTo("anna@m1.example");
        assertThat(m.fromDomain()).isEqualTo("m1.example");
        assertThat(m.messageId()).isEqualTo("<abc@m1.example>");
        assertThat(m.threadIds()).containsExactly("<orig@m1.example>", "<first@m1.example>");
        assertThat(m.authenticationResults()).containsExactly("mx.test; dmarc=pass header.from=m1.example");
        assertThat(m.text()).isEqualTo("Seats: 5\n");
    }

    @Test
    void theSameContentRelayedTwiceHashesAlike() {
        byte[] a = mail("Received: from a\nFrom: x@y.example\nSubject: s\n", "body");
        byte[] b = mail("Received: from b\nReceived: from c\nFrom: x@y.example\nSubject: s\n", "body");
        assertThat(parser.parse(a).contentSha256()).isEqualTo(parser.parse(b).contentSha256());
        assertThat(parser.parse(mail("From: x@y.example\nSubject: s\n", "other")).contentSha256())
                .isNotEqualTo(parser.parse(a).contentSha256());
    }

    @Test
    void refusesBrokenAndOversizedMail() {
        assertThatThrownBy(() -> parser.parse(mail("From: a@b.example\nFrom: c@d.example\n", "x")))
                .isInstanceOf(MalformedMailException.class).hasMessageContaining("exactly one From");
        assertThatThrownBy(() -> parser.parse(mail("From: a@b.example\nContent-Type: multipart/mixed; boundary=zz\n", "no parts")))
                .isInstanceOf(MalformedMailException.class).hasMessageContaining("not well-formed MIME");
        assertThatThrownBy(() -> parser.parse(mail("From: a@b.example\n", "x".repeat(60_000))))
                .isInstanceOf(MalformedMailException.class).hasMessageContaining("larger than");
        String three = "--b\nContent-Type: text/plain\n\nhi\n" + ("--b\nContent-Type: application/json\nContent-Disposition: attachment; filename=a.json\n\n{}\n").repeat(3) + "--b--\n";
        assertThatThrownBy(() -> parser.parse(mail("From: a@b.example\nContent-Type: multipart/mixed; boundary=b\n", three)))
                .isInstanceOf(MalformedMailException.class).hasMessageContaining("more than 2 attachments");
    }

    @Test
    void htmlOnlyMailIsReadAsText() {
        MailParser.ParsedMail m = parser.parse(mail("From: a@b.example\nContent-Type: text/html; charset=UTF-8\n",
                "<html><head><style>p{}</style><script>alert('Seats: 1')</script></head><body><p>Seats: 12</p><p>Product: A &amp; B</p></body></html>"));
        assertThat(m.text()).contains("Seats: 12").contains("Product: A & B").doesNotContain("alert").doesNotContain("<");
        assertThat(HtmlText.toText("a<script>never closed Seats: 9")).isEqualTo("a");
    }

    @Test
    void theFormIsReadIntoARequestDocument() {
        MailForm.Read r = MailForm.read("""
                Hi,
                Customer ID: CUST-1
                Exception type: extra seats
                Seats: 1,200
                Discount percent:
                Regions: DE, AT
                Revenue impact: ten thousand
                Start:    (YYYY-MM-DD)
                Justification: first line
                second line
                Currency: eur
                --\s
                Signature: not a field
                """);
        assertThat(r.document().toString()).isEqualTo("{\"customer\":{\"id\":\"CUST-1\"},\"type\":\"EXTRA_SEATS\",\"terms\":{\"seats\":1200,"
                + "\"regions\":[\"DE\",\"AT\"]},\"revenueImpact\":\"ten thousand\",\"currency\":\"EUR\",\"justification\":\"first line\\nsecond line\"}");
    }

    @Test
    void aMailRequesterCanGiveTheReasonForABackdatedStart() {
        MailForm.Read r = MailForm.read("Start: 2026-11-30\nBackdate reason: PO held in the year-end freeze\n");
        assertThat(r.document().toString())
                .isEqualTo("{\"terms\":{\"start\":\"2026-11-30\"},\"backdateReason\":\"PO held in the year-end freeze\"}");
    }

    @Test
    void quotedTextAndReplyHeadersAreIgnored() {
        MailForm.Read r = MailForm.read("Seats: 3\n> Seats: 999\nOn Mon, Jane <j@x.example> wrote:\nProduct: quoted\n");
        assertThat(r.document().toString()).isEqualTo("{\"terms\":{\"seats\":3}}");
        assertThat(r.unquotedText()).isEqualTo("Seats: 3");
    }

    @Test
    void senderRules() {
        SenderCheck check = new SenderCheck("mx.test", Map.of("CUST-1", Set.of("a.example")), Set.of("vendor.example"));
        assertThat(check.authentication(ar("mx.test; dmarc=pass"))).isEmpty();
        assertThat(check.authentication(ar("mx.test; dmarc=fail", "other; dmarc=pass"))).isPresent();
        assertThat(check.authentication(ar("other; dmarc=fail"))).isEmpty();
        assertThat(check.belongsToCustomer("mail.a.example", "CUST-1", "evil.example")).isEmpty();
        assertThat(check.belongsToCustomer("evil.example", "CUST-1", "evil.example")).isPresent();
        assertThat(check.belongsToCustomer("vendor.example", "CUST-1", null)).isEmpty();
        assertThat(check.belongsToCustomer("b.example", "CUST-2", "b.example")).isEmpty();
        assertThat(check.belongsToCustomer("notb.example", "CUST-2", "b.example")).isPresent();
        assertThat(check.belongsToCustomer("anyone.example", null, null)).isEmpty();
        assertThat(check.mayAnswer("a.example", "a.example", null)).isEmpty();
        assertThat(check.mayAnswer("z.example", "a.example", "CUST-1")).isPresent();
        assertThat(SenderCheck.parseCustomerDomains("C-1: a.example b.example; C-2:c.example"))
                .isEqualTo(Map.of("C-1", Set.of("a.example", "b.example"), "C-2", Set.of("c.example")));
    }

    static List<AuthenticationResults.TraceHeader> ar(String... values) {
        return java.util.Arrays.stream(values).map(v -> new AuthenticationResults.TraceHeader("Authentication-Results", v)).toList();
    }
}
