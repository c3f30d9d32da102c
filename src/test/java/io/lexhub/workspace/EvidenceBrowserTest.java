package io.lexhub.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.app.HubConfiguration;
import io.lexhub.intake.ContentHash;
import io.lexhub.pipeline.EvidenceTypeTest;
import io.lexhub.pipeline.evidence.FileEvidence;
import io.lexhub.store.Database;
import io.lexhub.store.RequestStore;
import io.lexhub.support.BrowserHubTest;
import io.lexhub.support.Chromium;
import io.lexhub.support.HubBrowser;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The review page's correspondence and evidence (docs/workspace.md, "Review and decide"): a mail
 * filed about the request shown as inert text, the evidence files with their digests, a file
 * downloaded through the page's link with the session (an attachment of its checked type, sandboxed,
 * never cached), and refused to a person who may not read the request and for another request's file id.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvidenceBrowserTest implements BrowserHubTest {

    static final TestHub HUB = TestHub.prepare("evidence-browser");
    static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @Override
    public TestHub hub() {
        return HUB;
    }

    @BeanInject
    Database database;
    @BeanInject
    FileEvidence evidence;
    @BeanInject
    RequestStore requests;

    @Test
    void theReviewPageShowsCorrespondenceAndEvidenceAndServesTheFileOnlyToThoseWhoMayReadIt() throws Exception {
        String ref = submitted("CUST-EV-1");
        String other = submitted("CUST-EV-2");
        byte[] pdf = EvidenceTypeTest.pdf();
        String sha = ContentHash.sha256(pdf);

        // a mail filed about the request, with text that tries to be markup and to reorder itself
        Map<String, Object> mail = new LinkedHashMap<>();
        mail.put("messageId", "<ev1@cust-ev.example>");
        mail.put("from", "ops@cust-ev.example");
        mail.put("subject", "Signed quote <b>attached</b>");
        mail.put("text", "Please find the quote.\n<script>alert(document.cookie)</script> \u202Egnp.exe");
        mail.put("state", "PENDING_APPROVAL");
        requests.correspondence(ref, "mail:ops@cust-ev.example", mail, List.of(), OffsetDateTime.now(), c -> { });

        FileEvidence.Filing filed = evidence.file(ref, "../Signed quote.pdf", pdf, "mail:ops@cust-ev.example", "mail");
        assertThat(filed).isInstanceOf(FileEvidence.Filing.Filed.class);
        long id = ((FileEvidence.Filing.Filed) filed).file().id();
        assertThat(evidence.file(ref, "again.pdf", pdf, "mail:ops@cust-ev.example", "mail"))
                .isEqualTo(new FileEvidence.Filing.Duplicate(((FileEvidence.Filing.Filed) filed).file()));
        assertThat(evidence.file(ref, "invoice.pdf", "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8), "mail:x@y", "mail"))
                .isInstanceOfSatisfying(FileEvidence.Filing.Refused.class, r -> assertThat(r.reason()).startsWith("It is a web page (HTML)."));
        FileEvidence.Filing theirs = evidence.file(other, "theirs.png", pngBytes(), "mail:ops@cust-ev2.example", "mail");
        long otherId = ((FileEvidence.Filing.Filed) theirs).file().id();
        Sql sql = new Sql(database);
        assertThat(sql.count("SELECT COUNT(*) FROM evidence_files WHERE request_ref = ?", ref)).isEqualTo(1);
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE request_ref = ? AND event_type = 'evidence.filed'", ref))
                .singleElement().asString().contains(sha);

        ChromeDriver alice = Chromium.signedIn(HUB.httpPort, "alice.moreau");
        String href;
        try {
            alice.get("http://127.0.0.1:" + HUB.httpPort + "/requests/" + ref);
            WebElement letters = alice.findElement(By.cssSelector("section[aria-labelledby='correspondence-title']"));
            assertThat(letters.getText()).contains("Signed quote <b>attached</b>", "From ops@cust-ev.example",
                    "<script>alert(document.cookie)</script>");
            assertThat(letters.findElements(By.tagName("b"))).as("the subject's markup is text").isEmpty();
            assertThat(letters.getText()).doesNotContain("\u202E");
            WebElement files = alice.findElement(By.cssSelector("section[aria-labelledby='evidence-title']"));
            assertThat(files.getText()).contains("Signed quote.pdf", "PDF, " + pdf.length + " bytes", sha.substring(0, 12), "by mail:ops@cust-ev.example");
            assertThat(files.findElement(By.cssSelector("code[title]")).getDomAttribute("title")).isEqualTo(sha);
            WebElement link = files.findElement(By.linkText("Signed quote.pdf"));
            href = link.getDomAttribute("href");
            assertThat(href).isEqualTo("/requests/" + ref + "/evidence/" + id);
            Chromium.check(alice, "evidence-case");
            alice.manage().window().setSize(new Dimension(390, 844));
            alice.findElement(By.id("evidence-title"));
            ((org.openqa.selenium.JavascriptExecutor) alice).executeScript("document.getElementById('correspondence-title').scrollIntoView()");
            Chromium.check(alice, "evidence-case-narrow");
            alice.manage().window().setSize(new Dimension(1280, 1100));
            // a request without any: the empty states say what would appear
            alice.get("http://127.0.0.1:" + HUB.httpPort + "/requests/" + submitted("CUST-EV-3"));
            assertThat(alice.findElement(By.cssSelector("section[aria-labelledby='evidence-title']")).getText()).contains("No evidence file has been filed");
            assertThat(alice.findElement(By.cssSelector("section[aria-labelledby='correspondence-title']")).getText()).contains("No mail or comment");
        } finally {
            alice.quit();
        }

        // the link, with the session: the bytes as filed, as an attachment of the checked type
        HubBrowser session = HubBrowser.signIn(HUB.httpPort, "alice.moreau");
        HttpResponse<byte[]> file = session.download(href);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(pdf);
        assertDownloadHeaders(file, "application/pdf", "Signed%20quote.pdf");
        // another request's file under this request's reference: not found, whoever asks
        assertThat(session.download("/requests/" + ref + "/evidence/" + otherId).statusCode()).isEqualTo(404);
        assertThat(session.download("/requests/" + ref + "/evidence/x1").statusCode()).isEqualTo(404);
        // a person who may not read the request: refused before any file is looked at
        HubBrowser grace = HubBrowser.signIn(HUB.httpPort, "grace.lin");
        if (sql.strings("SELECT role FROM approval_levels WHERE request_ref = ?", ref).contains("product")) {
            throw new AssertionError("the test needs a request without a product level");
        }
        HttpResponse<byte[]> refused = grace.download(href);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(new String(refused.body(), StandardCharsets.UTF_8)).doesNotContain("%PDF");
        // the auditor may read it
        assertThat(HubBrowser.signIn(HUB.httpPort, "olga.nilsen").download(href).body()).isEqualTo(pdf);
        // no session: to sign in
        assertThat(new HubBrowser(HUB.httpPort).download(href).statusCode()).isEqualTo(303);

        // the API: the review package lists the files without their bytes; the href downloads one with a key
        String aliceKey = HUB.key("alice.moreau", "approver");
        HttpResponse<String> review = HUB.get("/api/requests/" + ref + "/review", "Authorization", "Bearer " + aliceKey);
        assertThat(review.statusCode()).isEqualTo(200);
        JsonNode listed = JSON.readTree(review.body());
        assertThat(listed.path("evidence")).hasSize(1);
        assertThat(listed.path("evidence").get(0).path("sha256").asText()).isEqualTo(sha);
        assertThat(listed.path("evidence").get(0).has("content")).isFalse();
        assertThat(listed.path("correspondence").get(0).path("subject").asText()).isEqualTo("Signed quote <b>attached</b>");
        String apiHref = listed.path("evidence").get(0).path("href").asText();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> apiFile = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HUB.httpPort + apiHref))
                .header("Authorization", "Bearer " + aliceKey).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(apiFile.statusCode()).isEqualTo(200);
        assertThat(apiFile.body()).isEqualTo(pdf);
        assertDownloadHeaders(apiFile, "application/pdf", "Signed%20quote.pdf");
        HttpResponse<String> forged = HUB.get("/api/requests/" + ref + "/evidence/" + otherId, "Authorization", "Bearer " + aliceKey);
        assertThat(forged.statusCode()).isEqualTo(404);
        assertThat(forged.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(HUB.get(apiHref, "Authorization", "Bearer " + HUB.key("crm-connector", "intake")).statusCode()).isEqualTo(403);
    }

    static void assertDownloadHeaders(HttpResponse<byte[]> file, String type, String encodedName) {
        assertThat(file.headers().firstValue("Content-Type")).hasValue(type);
        assertThat(file.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment; filename=\"").endsWith("; filename*=UTF-8''" + encodedName);
        assertThat(file.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(file.headers().firstValue("Content-Security-Policy")).hasValue("sandbox; default-src 'none'");
        assertThat(file.headers().firstValue("Cache-Control")).hasValue("private, no-store");
    }

    /** A discount request through the REST channel; level 1 is the licensing desk's (Alice Moreau is asked). */
    String submitted(String customer) throws Exception {
        String doc = io.lexhub.support.RequestDocs.request(customer, "DISCOUNT", "\"discountPercent\": 35", "2027-03-01", 365, 180000, "INTERNAL", null);
        HttpResponse<String> created = HUB.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + HUB.key("crm-connector", "intake"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String ref = JSON.readTree(created.body()).path("reference").asText();
        Sql sql = new Sql(database);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> sql.count("SELECT COUNT(*) FROM approval_levels WHERE request_ref = ? AND status = 'OPEN'", ref) == 1);
        return ref;
    }

    static byte[] pngBytes() throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}
