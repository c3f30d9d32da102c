package io.lexhub.workspace;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.BrowserHubTest;
import io.lexhub.support.Chromium;
import io.lexhub.support.HubBrowser;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * "My tasks" as its owners use it (real Chromium, real routes, docs/tasks.md): an auto-approved
 * request's licensing task listed with its due time, marked done with a note, the list empty
 * after; someone of another role is refused, and so is a form without its CSRF token.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TasksBrowserTest implements BrowserHubTest {

    static final TestHub HUB = TestHub.prepare("workspace-tasks");

    @BeanInject
    Database database;

    @Override
    public TestHub hub() {
        return HUB;
    }

    private String approved(String customer) throws Exception {
        // fast track inside the auto-approval bounds: approved by the policy, one licensing task (config/policy.yaml)
        HttpResponse<String> r = HUB.post("/api/requests", "application/json", request(customer, "TEMPORARY_ACCESS", "\"seats\": 40",
                LocalDate.now().plusDays(10).toString(), 30, 2400, "INTERNAL", null).getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(new ObjectMapper().readTree(r.body()).path("state").asText()).isEqualTo("APPROVED");
        return new ObjectMapper().readTree(r.body()).path("reference").asText();
    }

    @Test
    void anOwnerSeesTheirTaskAndMarksItDone() throws Exception {
        String ref = approved("CUST-TB-1");
        Sql sql = new Sql(database);
        ChromeDriver bruno = Chromium.signedIn(HUB.httpPort, "bruno.silva");
        try {
            Chromium.press(bruno, bruno.findElement(By.linkText("My tasks")));
            assertThat(bruno.getTitle()).matches("My tasks \\(\\d+ open\\) - lexhub");
            assertThat(bruno.findElement(By.cssSelector("nav a[aria-current=page]")).getText()).isEqualTo("My tasks");
            String row = bruno.findElement(By.xpath("//tr[td/a[text()='" + ref + "']]")).getText();
            assertThat(row).contains("Grant the temporary access in the entitlement system", "anyone in licensing", "business hour");
            Chromium.check(bruno, "workspace-tasks");

            String id = sql.strings("SELECT id FROM implementation_tasks WHERE request_ref = ?", ref).get(0);
            bruno.findElement(By.id("note-" + id)).sendKeys("Granted in the entitlement system, ticket ENT-4411");
            Chromium.press(bruno, bruno.findElement(By.xpath("//tr[@id='task-" + id + "']//button")));
            assertThat(bruno.findElement(By.cssSelector("[role=status]")).getText()).isEqualTo("Task " + id + " is marked done.");
            assertThat(bruno.findElements(By.id("task-" + id))).isEmpty();
            Chromium.check(bruno, "workspace-tasks-done");
        } finally {
            bruno.quit();
        }
        assertThat(sql.strings("SELECT state || ' ' || confirmed_by || ' ' || note FROM implementation_tasks WHERE request_ref = ?", ref))
                .containsExactly("DONE person:bruno.silva Granted in the entitlement system, ticket ENT-4411");
        assertThat(sql.strings("SELECT actor FROM audit_events WHERE request_ref = ? AND event_type = 'task.done'", ref))
                .singleElement().satisfies(a -> assertThat(a).startsWith("sign-in-link:bruno.silva("));
        assertThat(sql.count("SELECT COUNT(*) FROM waivers WHERE request_ref = ? AND in_effect_at IS NOT NULL", ref)).isEqualTo(1);
    }

    @Test
    void someoneOfAnotherRoleIsRefusedAndAFormWithoutItsTokenToo() throws Exception {
        String ref = approved("CUST-TB-2");
        Sql sql = new Sql(database);
        String id = sql.strings("SELECT id FROM implementation_tasks WHERE request_ref = ?", ref).get(0);
        HubBrowser grace = HubBrowser.signIn(HUB.httpPort, "grace.lin");   // product: not licensing, not the desk
        assertThat(grace.get("/tasks").body()).contains("No open tasks").doesNotContain(ref);
        HttpResponse<String> refused = grace.post("/tasks/" + id + "/done", "csrf=" + grace.csrf() + "&note=mine");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("Not your task");
        HubBrowser alice = HubBrowser.signIn(HUB.httpPort, "alice.moreau");
        assertThat(alice.post("/tasks/" + id + "/done", "note=no-token").statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(alice.post("/tasks/999999/done", "csrf=" + alice.csrf()).statusCode()).isEqualTo(404);
        assertThat(sql.strings("SELECT state FROM implementation_tasks WHERE id = ?", id)).containsExactly("OPEN");
    }
}
