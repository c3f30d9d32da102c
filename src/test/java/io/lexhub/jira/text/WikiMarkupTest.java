package io.lexhub.jira.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Wiki markup as plain text, on the examples of Atlassian's "Text Formatting Notation Help"
 * (src/test/resources/jira/wiki), and markup characters inside words left alone.
 */
class WikiMarkupTest {

    static String fixture(String name) throws Exception {
        return Files.readString(Path.of("src/test/resources/jira/wiki", name));
    }

    @Test
    void theNotationHelpExamplesReadAsPlainText() throws Exception {
        assertThat(WikiMarkup.read(fixture("notation-help.wiki")).text()).isEqualTo(fixture("notation-help.txt").strip());
    }

    @Test
    void linksAreTheWebLinksInOrderEachOnce() throws Exception {
        assertThat(WikiMarkup.read(fixture("notation-help.wiki")).links())
                .containsExactly("http://www.example.com", "http://example.com", "http://www.host.com/image.gif", "http://example.com/b2");
        assertThat(WikiMarkup.read("see [the plan|https://x.example/plan], https://x.example/po. And [https://x.example/plan] again").links())
                .containsExactly("https://x.example/plan", "https://x.example/po");
    }

    @Test
    void markupCharactersInsideWordsAndAddressesStay() {
        for (String s : new String[] {"a_b@example.com", "2*3", "snake_case_name", "well-known re-use", "C++", "x^2^", "~5 days",
                "https://x.example/a_b_c/d-e-f", "ACME_EU_1", "what?? really??"}) {
            assertThat(WikiMarkup.read(s).text()).as(s).isEqualTo(s);
        }
        assertThat(WikiMarkup.read("*bold* and _it_ in *[a link|https://x.example/_a_]*").text())
                .isEqualTo("bold and it in a link (https://x.example/_a_)");
        assertThat(WikiMarkup.read("[note] and [PROJ-12] and [Order|PROJ-12]").text()).isEqualTo("[note] and PROJ-12 and Order (PROJ-12)");
    }
}
