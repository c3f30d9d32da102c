package io.lexhub.workspace;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lexhub.support.Chromium;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The page check every browser test relies on finds what it is there to find: a page with an image
 * without a text alternative and a field without a label fails with axe-core's rules named, and
 * without the hub's two stylesheets it fails on those too (support/Chromium#check).
 */
class AccessibilityCheckBrowserTest {

    @Test
    void aPageWithSeriousViolationsFailsTheCheckNamingThem() {
        ChromeDriver b = Chromium.open();
        try {
            b.get("data:text/html,<!doctype html><html lang=en><title>t</title><main><h1>Bad page</h1>"
                    + "<img src=x.png><input type=text id=q></main></html>");
            assertThatThrownBy(() -> Chromium.check(b, "accessibility-check-bad-page"))
                    .hasMessageContaining("axe critical image-alt")
                    .hasMessageContaining("axe critical label")
                    .hasMessageContaining("stylesheets not applied");
        } finally {
            b.quit();
        }
    }
}
