package io.lexhub.support;

import com.deque.html.axecore.args.AxeRunOptions;
import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.logging.Level;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The pages as people see them (architecture rule 16): Debian's Chromium, headless, driven by
 * Selenium through Debian's chromedriver (never a downloaded driver: there is no internet). Each
 * {@link #open} is a browser without cookies, of its own while it is open (two open at once do not
 * share cookies), kept after its quit for the next open in the JVM. For every page a test looks
 * at: {@link #check} runs axe-core (once per page name in a test JVM) and fails on serious or
 * critical violations, fails on a Content-Security-Policy violation in the browser's console,
 * checks the stylesheets arrived, and saves a screenshot to target/screenshots/.
 *
 * <p>Missing Chromium or chromedriver is a failure, never a skip: CI installs both (.ci/run).
 */
public final class Chromium {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** The page names axe-core has looked at in this JVM. */
    private static final Set<String> AXE_CHECKED = ConcurrentHashMap.newKeySet();

    private Chromium() {}

    /** Fails (not skips) when the browser or its driver is missing, saying how to install them. */
    public static void requireInstalled() {
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                throw new AssertionError(p + " is missing: the browser tests need Debian's Chromium and its driver. "
                        + "Install them with `apt-get update && apt-get install -y chromium chromium-driver` (.ci/run does).");
            }
        }
    }

    /**
     * A headless browser with no cookies, at 1280 x 1100 on a blank page; quit it when done. Its
     * quit keeps it for the next open in this JVM with its cookies cleared (every test used to pay
     * for starting Chromium and its driver, seconds each on a loaded machine); browsers still kept
     * when the JVM ends are quit then.
     */
    public static ChromeDriver open() {
        requireInstalled();
        KeptBrowser kept = KEPT.pollFirst();
        return kept != null ? kept : KeptBrowser.start();
    }

    /** The browsers tests have quit, cleared and waiting for the next {@link #open}. */
    private static final Deque<KeptBrowser> KEPT = new ConcurrentLinkedDeque<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> KEPT.forEach(KeptBrowser::end), "chromium-quit"));
    }

    /** A browser whose {@link #quit} clears it and keeps it for the next {@link #open} instead of ending it. */
    private static final class KeptBrowser extends ChromeDriver {

        private KeptBrowser(ChromeDriverService service, ChromeOptions options) {
            super(service, options);
        }

        static KeptBrowser start() {
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1100",
                    "--lang=en-GB", "--no-first-run", "--disable-extensions");
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            KeptBrowser driver = new KeptBrowser(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return driver;
        }

        /**
         * Leaves it as {@link #open} gives it: one window, on a blank page, at the first size, every
         * cookie of every host gone (the hubs of a JVM share 127.0.0.1), the console read. The pages
         * keep nothing else in the browser (no storage, no service worker). A browser that cannot be
         * cleared is ended.
         */
        @Override
        public void quit() {
            try {
                if (getWindowHandles().size() != 1) throw new IllegalStateException("more than one window");
                get("about:blank");
                executeCdpCommand("Network.clearBrowserCookies", Map.of());
                manage().window().setSize(new Dimension(1280, 1100));
                manage().logs().get(LogType.BROWSER);
                // quit twice, it is still kept once: two opens never get the same browser
                if (!KEPT.contains(this)) KEPT.addFirst(this);
            } catch (RuntimeException e) {
                end();
            }
        }

        void end() {
            super.quit();
        }
    }

    /**
     * The page the browser shows now, looked at: axe-core finds no serious or critical violation,
     * the console has no CSP violation (and no failed load of the hub's own files), both
     * stylesheets are applied, and a screenshot is saved as target/screenshots/{@code name}.png.
     */
    public static void check(ChromeDriver driver, String name) {
        screenshot(driver, name);
        List<String> problems = new ArrayList<>();
        // the stylesheets: Pico's and the hub's, both loaded with rules (a 404 or a wrong type would leave none)
        @SuppressWarnings("unchecked")
        List<Object> sheets = (List<Object>) driver.executeScript(
                "return Array.from(document.styleSheets).map(s => s.href + ' ' + s.cssRules.length)");
        if (sheets.size() != 2 || sheets.stream().anyMatch(s -> s.toString().endsWith(" 0"))) {
            problems.add("stylesheets not applied: " + sheets);
        }
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            String m = e.getMessage();
            if (m.contains("Content Security Policy") || m.contains("Content-Security-Policy") || m.contains("/assets/")) {
                problems.add("browser console: " + m);
            } else {
                System.out.println("[browser " + name + "] " + e.getLevel() + " " + m);
            }
        }
        // a page checked again under the same name (a sign-in page every test passes through) was
        // already checked by axe-core in this JVM: its screenshot, stylesheets and console still are
        if (AXE_CHECKED.add(name)) problems.addAll(axe(driver, name));
        if (!problems.isEmpty()) {
            throw new AssertionError("page " + name + " (" + driver.getCurrentUrl() + ", screenshot " + SCREENSHOTS.resolve(name + ".png")
                    + "):\n  " + String.join("\n  ", problems));
        }
    }

    /**
     * axe-core's serious and critical violations on this page (the lesser ones are printed). The
     * pages have no frames, so axe runs in the page itself (legacy mode: no partial run per frame
     * finished in a new tab) and hands back only the violations' nodes: the same rules, a third faster.
     */
    private static List<String> axe(ChromeDriver driver, String name) {
        AxeRunOptions options = new AxeRunOptions();
        options.setResultTypes(List.of("violations"));
        Results axe = new AxeBuilder().withOptions(options).setLegacyMode(true).disableIframeTesting().analyze(driver);
        List<String> problems = new ArrayList<>();
        if (axe.isErrored()) problems.add("axe-core did not run: " + axe.getErrorMessage());
        for (Rule r : axe.getViolations()) {
            String line = r.getImpact() + " " + r.getId() + ": " + r.getHelp() + " at " + r.getNodes().stream().map(CheckedNode::getTarget).toList();
            if ("serious".equals(r.getImpact()) || "critical".equals(r.getImpact())) problems.add("axe " + line);
            else System.out.println("[axe " + name + "] " + line);
        }
        return problems;
    }

    /**
     * Presses a button or follows a link and waits for the next page to replace this one: a mark left
     * in this page's window is gone in the next one (asked through the driver, so the page's CSP does not
     * apply; errors while the browser is between pages are ignored).
     */
    public static void press(ChromeDriver b, org.openqa.selenium.WebElement control) {
        nextPage(b, () -> control.click());
    }

    /** Does something that loads the next page (a click, a key pressed) and waits for that page. */
    public static void nextPage(ChromeDriver b, Runnable action) {
        b.executeScript("window.lexhubTestPage = 'old'");
        action.run();
        new org.openqa.selenium.support.ui.WebDriverWait(b, Duration.ofSeconds(20)).ignoring(org.openqa.selenium.WebDriverException.class)
                .until(d -> Boolean.TRUE.equals(((ChromeDriver) d).executeScript(
                        "return window.lexhubTestPage === undefined && document.readyState === 'complete'")));
    }

    /** A new browser in which this person is signed in, with a link printed by {@code lexhub sign-in-link} and its button pressed. */
    public static ChromeDriver signedIn(int port, String personId) {
        ChromeDriver b = open();
        signIn(b, port, personId);
        return b;
    }

    /** Signs this person in, in this browser, with a link printed by {@code lexhub sign-in-link}; the browser lands where the hub sends it. */
    public static void signIn(ChromeDriver b, int port, String personId) {
        Cli.Run run = Cli.run("sign-in-link", personId);
        if (run.exit() != 0) throw new AssertionError("sign-in-link " + personId + ": " + run.out());
        String link = run.out().lines().filter(l -> l.startsWith("http")).findFirst().orElseThrow();
        b.get(link.replaceFirst("^http://[^/]+", "http://127.0.0.1:" + port));
        press(b, b.findElement(org.openqa.selenium.By.xpath("//main//button[normalize-space()='Sign in']")));
    }

    /** A PNG of the browser's window as target/screenshots/{@code name}.png. */
    public static Path screenshot(ChromeDriver driver, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            // the whole page, not only the window (DevTools' capture beyond the viewport)
            long width = (Long) driver.executeScript("return Math.ceil(document.documentElement.scrollWidth)");
            long height = (Long) driver.executeScript("return Math.ceil(document.documentElement.scrollHeight)");
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                    "clip", Map.of("x", 0, "y", 0, "width", width, "height", Math.min(height, 6000), "scale", 1)));
            Path to = SCREENSHOTS.resolve(name + ".png");
            Files.write(to, Base64.getDecoder().decode((String) shot.get("data")));
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
