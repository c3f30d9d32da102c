package io.lexhub.workspace;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.BrowserHubTest;
import io.lexhub.support.Chromium;
import io.lexhub.support.HubBrowser;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The portal's ask form (docs/portal.md) as a customer uses it, in real headless Chromium: a new
 * requester signs in, asks for an 18 % three-year discount, fixes what the dry run shows beside the
 * field, attaches an order form PDF, sends it and sees the new request's timeline; the evidence is
 * filed with its SHA-256 and audited; the German form; axe-core and a phone-width window. Then hostile
 * input through the same form at the HTTP level: an oversized file, a disguised one (HTML and a program
 * named .pdf), too many files, script in every text field (escaped on the portal and the staff pages),
 * a missing or wrong CSRF token: each refused with nothing stored.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalAskBrowserTest implements BrowserHubTest {

    static final TestHub HUB = TestHub.prepare("portal-ask-browser");
    static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    static final byte[] PDF = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @Override
    public TestHub hub() {
        return HUB;
    }

    @BeanInject
    Database database;

    String url(String path) {
        return "http://127.0.0.1:" + HUB.httpPort + path;
    }

    /** A request of the customer through the intake API, so the portal knows the organisation of its domain. */
    void known(String customer) throws Exception {
        String doc = request(customer, "TEMPORARY_ACCESS", "\"seats\": 5", LocalDate.now(ZoneOffset.UTC).plusDays(3).toString(), 10, 1000, "INTERNAL", null)
                .replace("Meridian Data Platform", "Meridian Sandbox");
        HttpResponse<String> created = HUB.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + HUB.key("crm-connector", "intake"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    void signIn(ChromeDriver b, String email) throws Exception {
        int before = mailsTo(email).size();
        b.get(url("/portal/sign-in"));
        b.findElement(By.id("email")).sendKeys(email);
        Chromium.press(b, b.findElement(By.xpath("//main//button[normalize-space()='Mail me a sign-in link']")));
        await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(email).size() > before);
        MimeMessage m = mailsTo(email).get(mailsTo(email).size() - 1);
        String link = TestHub.link(TestHub.text(m), "Sign in");
        b.get(link.replaceFirst("^http://[^/]+", url("")));
        Chromium.press(b, b.findElement(By.xpath("//main//button[normalize-space()='Sign in']")));
    }

    static List<MimeMessage> mailsTo(String to) {
        return Arrays.stream(HUB.mail.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(to));
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toList();
    }

    static void fill(ChromeDriver b, String id, String value) {
        var e = b.findElement(By.id(id));
        e.clear();
        e.sendKeys(value);
    }

    static void date(ChromeDriver b, String id, LocalDate d) {
        // a date input takes its value in the form's own format; set it as a script would, then tell the page
        b.executeScript("arguments[0].value = arguments[1];", b.findElement(By.id(id)), d.toString());
    }

    @Test
    void aNewRequesterAsksForAThreeYearDiscountFixesWhatTheCheckSaysAndSendsItWithAnOrderForm() throws Exception {
        known("CUST-AK");
        Sql sql = new Sql(database);
        Path order = Files.createTempFile("order-form", ".pdf");
        Files.write(order, PDF);
        ChromeDriver nina = Chromium.open();
        try {
            signIn(nina, "nina.berg@cust-ak.example");
            Chromium.press(nina, nina.findElement(By.linkText("Ask for an exception")));
            assertThat(nina.getTitle()).isEqualTo("Ask for an exception - license exceptions portal");
            assertThat(nina.findElements(By.id("ask"))).as("the form comes once a type is chosen").isEmpty();
            Chromium.check(nina, "portal-ask-choose");
            nina.findElement(By.id("type-DISCOUNT")).click();
            Chromium.press(nina, nina.findElement(By.xpath("//button[normalize-space()='Show the form for this']")));
            assertThat(nina.getCurrentUrl()).endsWith("/portal/requests/new?type=DISCOUNT");
            assertThat(nina.findElements(By.id("term-seats"))).as("terms of this type only").isEmpty();
            assertThat(nina.findElement(By.id("refused")).getText()).contains("features");
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            assertThat(nina.findElement(By.id("start")).getAttribute("value")).isEqualTo(today.toString());

            fill(nina, "term-discountPercent", "18");
            fill(nina, "product", "Meridian Data Platform");
            date(nina, "end", today.plusDays(1094));
            fill(nina, "revenueImpact", "240000");
            fill(nina, "why-enables", "A three-year commitment for 420 Enterprise seats instead of yearly renewals.");
            fill(nina, "why-whom", "Our logistics division, 420 users.");
            fill(nina, "why-howLong", "Three years, the length of the commitment.");
            fill(nina, "name", "Nina Berg");
            // "what happens without it" left empty: the check says so beside the field
            Chromium.press(nina, nina.findElement(By.id("check")));
            assertThat(nina.getTitle()).startsWith("Error: Ask for an exception");
            assertThat(nina.findElement(By.id("why-without-error")).getText()).contains("What happens without it");
            assertThat(nina.findElement(By.cssSelector(".error-summary a[href='#why-without']")).getText()).contains("What happens without it");
            assertThat(nina.findElement(By.id("why-enables")).getAttribute("value")).as("what was typed is kept").startsWith("A three-year");
            assertThat(nina.findElement(By.id("term-discountPercent")).getAttribute("value")).isEqualTo("18");
            Chromium.check(nina, "portal-ask-error");
            assertThat(sql.count("SELECT COUNT(*) FROM requests WHERE customer_id = 'CUST-AK' AND source = 'portal'")).isZero();

            fill(nina, "why-without", "We renew for one year only and re-tender in 2028.");
            Chromium.press(nina, nina.findElement(By.id("check")));
            assertThat(nina.findElement(By.id("check-result")).getText()).contains("No problems found");
            nina.findElement(By.id("file-1")).sendKeys(order.toString());
            Chromium.check(nina, "portal-ask-ready");
            Files.createDirectories(Path.of("docs/images"));
            Files.copy(Chromium.screenshot(nina, "portal-ask-form"), Path.of("docs/images/portal-ask-form.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            nina.manage().window().setSize(new Dimension(390, 844));
            Chromium.check(nina, "portal-ask-phone");
            long overflow = (Long) nina.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow).as("fits a phone's width").isLessThanOrEqualTo(0);
            Files.copy(Chromium.screenshot(nina, "portal-ask-phone"), Path.of("docs/images/portal-ask-phone.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            nina.manage().window().setSize(new Dimension(1280, 1100));

            Chromium.press(nina, nina.findElement(By.id("send")));
            assertThat(nina.getCurrentUrl()).matches(".*/portal/requests/EXC-\\d{4}-\\d{6}$");
            String ref = nina.getCurrentUrl().substring(nina.getCurrentUrl().lastIndexOf('/') + 1);
            assertThat(nina.findElement(By.tagName("main")).getText()).contains(ref, "Received: done", "Checked and assessed: done");
            Chromium.check(nina, "portal-ask-sent");

            assertThat(sql.strings("SELECT source || ':' || state FROM requests WHERE reference = ?", ref)).containsExactly("portal:PENDING_APPROVAL");
            String sha = io.lexhub.intake.ContentHash.sha256(PDF);
            assertThat(sql.strings("SELECT file_name || ':' || content_type || ':' || sha256 || ':' || channel FROM evidence_files WHERE request_ref = ?", ref))
                    .containsExactly(order.getFileName() + ":application/pdf:" + sha + ":portal");
            assertThat(sql.strings("SELECT event_type FROM audit_events WHERE request_ref = ? AND event_type = 'evidence.filed'", ref)).hasSize(1);
            assertThat(sql.strings("SELECT request_json FROM requests WHERE reference = ?", ref).get(0))
                    .contains("\"customer\":{\"id\":\"CUST-AK\"", "nina.berg@cust-ak.example", "\"discountPercent\":18", "What happens without it");
        } finally {
            nina.quit();
            Files.deleteIfExists(order);
        }
    }

    @Test
    void aGermanSpeakingCustomerGetsTheGermanForm() throws Exception {
        known("CUST-AD");
        ChromeDriver jonas = Chromium.open();
        try {
            signIn(jonas, "jonas.weber@cust-ad.example");
            String cookie = jonas.manage().getCookieNamed("lexhub_portal").getValue();
            HubBrowser http = new HubBrowser(HUB.httpPort);
            http.cookies.put("lexhub_portal", cookie);
            HttpResponse<String> de = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/portal/requests/new?type=DISCOUNT")))
                    .header("Cookie", "lexhub_portal=" + cookie).header("Accept-Language", "de-AT, en;q=0.5").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(de.statusCode()).isEqualTo(200);
            assertThat(de.body()).contains("<html lang=\"de\"", "Ausnahme beantragen", "Was ohne sie geschieht", "Rabatt (%)", "Antrag prüfen");
            jonas.get(url("/portal/requests/new?type=DISCOUNT&lang=de"));
            assertThat(jonas.findElement(By.tagName("h1")).getText()).isEqualTo("Ausnahme beantragen");
            Chromium.check(jonas, "portal-ask-de");
        } finally {
            jonas.quit();
        }
    }

    @Test
    void hostileInputThroughTheFormIsRefusedAndStoresNothing() throws Exception {
        long started = System.currentTimeMillis() - 1000;
        known("CUST-AH");
        Sql sql = new Sql(database);
        ChromeDriver eve = Chromium.open();
        String cookie;
        try {
            signIn(eve, "eve@cust-ah.example");
            cookie = eve.manage().getCookieNamed("lexhub_portal").getValue();
        } finally {
            eve.quit();
        }
        HubBrowser http = new HubBrowser(HUB.httpPort);
        http.cookies.put("lexhub_portal", cookie);
        Matcher m = CSRF.matcher(http.get("/portal/requests/new?type=DISCOUNT").body());
        assertThat(m.find()).isTrue();
        String csrf = m.group(1);
        String script = "<script>alert(1)</script>";
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("csrf", csrf);
        fields.put("type", "DISCOUNT");
        fields.put("term-discountPercent", "18");
        fields.put("product", "Meridian Data Platform " + script);
        fields.put("edition", script);
        fields.put("start", LocalDate.now(ZoneOffset.UTC).toString());
        fields.put("end", LocalDate.now(ZoneOffset.UTC).plusDays(364).toString());
        fields.put("revenueImpact", "1000");
        fields.put("currency", "EUR");
        for (String part : List.of("enables", "whom", "howLong", "without")) fields.put("why-" + part, part + " " + script);
        fields.put("name", "Eve " + script);
        fields.put("clientRequestId", "R-1 " + script);

        // oversized (a byte over lexhub.evidence.max-bytes), disguised (a page and a program named .pdf), too many
        byte[] big = new byte[10 * 1024 * 1024 + 1];
        System.arraycopy(PDF, 0, big, 0, PDF.length);
        assertRefused(multipart(cookie, fields, Map.of("file-1", new Upload("big.pdf", big))), "larger than 10 MB");
        assertRefused(multipart(cookie, fields, Map.of("file-1", new Upload("order.pdf", "<!doctype html><html><script>alert(1)</script>".getBytes()))),
                "web page (HTML)");
        byte[] exe = new byte[256];
        exe[0] = 'M';
        exe[1] = 'Z';
        assertRefused(multipart(cookie, fields, Map.of("file-1", new Upload("invoice.pdf", exe))), "It is a program");
        Map<String, Upload> six = new LinkedHashMap<>();
        for (int i = 1; i <= 6; i++) six.put("file-" + i, new Upload("f" + i + ".pdf", (new String(PDF) + i).getBytes()));
        assertRefused(multipart(cookie, fields, six), "At most 5 files");
        // the same field name six times: Camel would keep only the last, so the count it reports decides
        assertRefused(multipartRepeated(cookie, fields, "file-1", 6), "At most 5 files");
        assertThat(sql.count("SELECT COUNT(*) FROM requests WHERE customer_id = 'CUST-AH' AND source = 'portal'")).isZero();

        // CSRF: none, or another's
        Map<String, String> noToken = new LinkedHashMap<>(fields);
        noToken.remove("csrf");
        assertThat(multipart(cookie, noToken, Map.of()).statusCode()).isEqualTo(403);
        Map<String, String> wrong = new LinkedHashMap<>(fields);
        wrong.put("csrf", "x" + csrf.substring(1));
        assertThat(multipart(cookie, wrong, Map.of()).statusCode()).isEqualTo(403);
        assertThat(http.post("/portal/requests/check", HubBrowser.form("type", "DISCOUNT")).statusCode()).isEqualTo(403);
        assertThat(sql.count("SELECT COUNT(*) FROM requests WHERE customer_id = 'CUST-AH' AND source = 'portal'")).isZero();

        // script in every text field: the dry run's page shows it as text
        StringBuilder form = new StringBuilder();
        fields.forEach((k, v) -> form.append(form.length() == 0 ? "" : "&").append(k).append('=').append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpResponse<String> checked = http.post("/portal/requests/check", form.toString());
        assertThat(checked.body()).doesNotContain(script).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        // sent: stored as text, escaped on the portal's page and the staff review page
        HttpResponse<String> sent = multipart(cookie, fields, Map.of("file-1", new Upload("po.pdf", PDF)));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(303);
        String ref = sent.headers().firstValue("Location").orElseThrow().replaceFirst(".*/", "");
        String portalPage = http.get("/portal/requests/" + ref).body();
        assertThat(portalPage).doesNotContain(script).contains("&lt;script&gt;");
        HubBrowser staff = HubBrowser.signIn(HUB.httpPort, "alice.moreau");
        String staffPage = staff.get("/requests/" + ref).body();
        assertThat(staffPage).doesNotContain(script).contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("po.pdf");
        // the upload's temporary files are gone
        try (var tmp = Files.walk(Path.of(System.getProperty("java.io.tmpdir"), "camel")).filter(Files::isRegularFile)) {
            // only files of this test's uploads count (other builds on the machine share the temporary folder)
            assertThat(tmp.filter(p -> p.toString().contains("camel-tmp") && p.toFile().lastModified() >= started).toList()).as("temporary upload files")
                    .isEmpty();
        } catch (java.nio.file.NoSuchFileException e) {
            System.out.println("[ask] no camel temp folder left at all");
        }
    }

    void assertRefused(HttpResponse<String> r, String why) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains(why).contains("choose them again");
    }

    record Upload(String name, byte[] bytes) {}

    HttpResponse<String> multipart(String cookie, Map<String, String> fields, Map<String, Upload> files) throws Exception {
        String boundary = "----lexhub" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (var f : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n" + f.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        for (var f : files.entrySet()) part(body, boundary, f.getKey(), f.getValue());
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(cookie, boundary, body.toByteArray());
    }

    HttpResponse<String> multipartRepeated(String cookie, Map<String, String> fields, String name, int times) throws Exception {
        String boundary = "----lexhub" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (var f : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n" + f.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < times; i++) part(body, boundary, name, new Upload("r" + i + ".pdf", (new String(PDF) + i).getBytes()));
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(cookie, boundary, body.toByteArray());
    }

    static void part(ByteArrayOutputStream body, String boundary, String name, Upload u) {
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + u.name()
                + "\"\r\nContent-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(u.bytes());
        body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> send(String cookie, String boundary, byte[] body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/portal/requests")))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Origin", url(""))
                .header("Cookie", "lexhub_portal=" + cookie).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
