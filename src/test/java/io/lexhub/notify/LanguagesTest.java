package io.lexhub.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Which language a customer reads: the request's, the customer's setting, the browser's (with q-values), else English. */
class LanguagesTest {

    final Messages messages = Messages.load(Path.of("config/messages"));
    final Languages languages = Languages.of(messages, "CUST-1: de; CUST-2 : en ;");

    @Test
    void aNoticeIsInTheRequestsLanguageElseTheCustomersElseEnglish() {
        assertThat(languages.forNotice("de", "CUST-2")).isEqualTo(Locale.GERMAN);
        assertThat(languages.forNotice("de-AT", null)).isEqualTo(Locale.GERMAN);
        assertThat(languages.forNotice(null, "CUST-1")).isEqualTo(Locale.GERMAN);
        assertThat(languages.forNotice("fr", "CUST-1")).as("a language without messages counts as not given").isEqualTo(Locale.GERMAN);
        assertThat(languages.forNotice(null, "CUST-2")).isEqualTo(Locale.ENGLISH);
        assertThat(languages.forNotice(null, "CUST-9")).isEqualTo(Locale.ENGLISH);
        assertThat(languages.forNotice("  ", null)).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void aPageIsInTheLanguageAskedForElseTheBrowsersFirstSupportedOne() {
        assertThat(languages.forBrowser("de", "en")).isEqualTo(Locale.GERMAN);
        assertThat(languages.forBrowser("xx", "de-CH,de;q=0.9,en;q=0.8")).isEqualTo(Locale.GERMAN);
        assertThat(languages.forBrowser(null, "fr-FR, fr;q=0.9, de;q=0.7, en;q=0.8")).as("by q, not by order").isEqualTo(Locale.ENGLISH);
        assertThat(languages.forBrowser(null, "en;q=0.1, de;q=0.5")).isEqualTo(Locale.GERMAN);
        assertThat(languages.forBrowser(null, "de;q=0, en")).as("q=0: not this one").isEqualTo(Locale.ENGLISH);
        assertThat(languages.forBrowser(null, "*")).isEqualTo(Locale.ENGLISH);
        assertThat(languages.forBrowser(null, "fr, it")).isEqualTo(Locale.ENGLISH);
        assertThat(languages.forBrowser(null, null)).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void aMalformedOrHostileHeaderIsReadSafely() {
        assertThat(Languages.preferred("de;q=2, en;q=abc, <script>, fr;q=0.5")).containsExactly("fr");
        assertThat(Languages.preferred("de;q=1.0000001")).isEmpty();
        assertThat(Languages.preferred("de,".repeat(300))).as("longer than any real header").isEmpty();
        assertThat(Languages.preferred("x1,x2,x3,x4,x5,x6,x7,x8,x9,x10,x11,x12,x13,x14,x15,x16,x17,x18,x19,x20,de")).doesNotContain("de");
        assertThat(languages.forBrowser("../../etc/passwd", "de\r\nSet-Cookie: a=b")).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void theCustomerSettingNamesOnlyOfferedLanguages() {
        assertThatThrownBy(() -> Languages.of(messages, "CUST-1: fr")).hasMessageContaining("CUST-1: fr").hasMessageContaining("[de, en]");
        assertThatThrownBy(() -> Languages.of(messages, "CUST-1 de")).hasMessageContaining("customer id: language");
        assertThat(Languages.of(messages, null).forNotice(null, "CUST-1")).isEqualTo(Locale.ENGLISH);
    }
}
