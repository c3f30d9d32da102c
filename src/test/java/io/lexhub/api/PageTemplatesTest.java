package io.lexhub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The jte templates escape what they are given for the place it stands in (architecture rule 15). */
class PageTemplatesTest {

    private static final String HOSTILE = "\"><script>alert(1)</script><a href=\"javascript:alert(2)";

    @Test
    void textAndAttributeValuesAreEscaped() {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("provider", false);
        model.put("email", HOSTILE);
        model.put("error", HOSTILE);
        String html = Pages.render("sign-in.jte", model);
        assertThat(html).doesNotContain("<script>").doesNotContain("<a href=\"javascript").contains("value=\"&#34;>&lt;script>");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void aMessageShowsItsParagraphsAsText() {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("title", "<b>Title</b>");
        model.put("paragraphs", List.of("<img src=x onerror=alert(1)>"));
        String html = Pages.render("message.jte", model);
        assertThat(html).doesNotContain("<img").doesNotContain("<b>Title").contains("&lt;img src=x onerror=alert(1)&gt;");
    }

    @Test
    void afterSignInOnlyThisHubsPagesAreDestinations() {
        assertThat(Pages.localPage("/requests/EXC-2026-000001")).isEqualTo("/requests/EXC-2026-000001");
        assertThat(Pages.localPage("/dashboard?from=2026-01-01&to=2026-02-01")).isEqualTo("/dashboard?from=2026-01-01&to=2026-02-01");
        for (String elsewhere : new String[] {"//evil.example/x", "https://evil.example", "/\\evil.example", "/requests/../../x", "javascript:alert(1)",
                "/sign-in", "/auth/callback?code=x", "/a b", "/x\r\nSet-Cookie: y=1", "", null}) {
            assertThat(Pages.localPage(elsewhere)).as(String.valueOf(elsewhere)).isEqualTo("/");
        }
    }

    @Test
    void anAbsentAttributeIsLeftOut() {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("provider", true);
        String html = Pages.render("sign-in.jte", model);
        assertThat(html).doesNotContain("aria-invalid").doesNotContain("There is a problem").contains("/sign-in/oidc");
    }
}
