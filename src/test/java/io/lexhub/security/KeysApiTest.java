package io.lexhub.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An admin manages the API keys of systems over the API: issued with system scopes only and an
 * expiry, shown once, stored hashed, listed without the key, revoked at once; each audited with
 * the admin's key. An admin cannot mint a key that approves, nor a desk, audit or admin key.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeysApiTest {

    static final TestHub HUB = TestHub.prepare("keys-api");
    static final ObjectMapper JSON = new ObjectMapper();

    @BeanInject
    Database database;

    @AfterAll
    void stop() {
        HUB.close();
    }

    /** Every answer these tests get is also checked against the hub's own /api/openapi.json (support/ApiContract). */
    @BeforeEach
    void answersKeepToTheApiContract() {
        HUB.checkAnswersAgainstTheApiContract();
    }

    @Test
    void anAdminIssuesListsAndRevokesASystemKey() throws Exception {
        String admin = HUB.key("ops.admin", "admin");
        HttpResponse<String> issued = post(admin, "/api/keys", "{\"owner\": \"servicedesk\", \"scopes\": [\"intake\"], \"label\": \"ServiceNow\", \"days\": 30}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        JsonNode k = JSON.readTree(issued.body());
        String key = k.path("key").asText();
        String keyId = k.path("keyId").asText();
        assertThat(key).startsWith("lxk_");

        // the new key works for what it holds, and only that
        byte[] doc = Files.readAllBytes(Path.of("examples/requests/migration-extra-seats.json"));
        assertThat(HUB.post("/api/requests", "application/json", doc, "Authorization", "Bearer " + key).statusCode()).isEqualTo(201);
        assertThat(HUB.get("/api/quarantine", "Authorization", "Bearer " + key).statusCode()).isEqualTo(403);

        // listed without the key; the database holds its hash only
        HttpResponse<String> list = HUB.get("/api/keys", "Authorization", "Bearer " + admin);
        assertThat(list.body()).contains(keyId, "servicedesk", "ServiceNow").doesNotContain(key);
        Sql sql = new Sql(database);
        assertThat(sql.count("SELECT COUNT(*) FROM api_keys WHERE key_id = ? AND expires_at IS NOT NULL", keyId)).isEqualTo(1);
        assertThat(sql.strings("SELECT actor FROM audit_events WHERE event_type = 'key.issued' AND payload LIKE ?", "%" + keyId + "%"))
                .singleElement().asString().startsWith("api-key:ops.admin(");

        HttpResponse<String> revoked = post(admin, "/api/keys/" + keyId + "/revocation", "{\"reason\": \"ServiceNow replaced\"}");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(HUB.post("/api/requests", "application/json", doc, "Authorization", "Bearer " + key).statusCode()).isEqualTo(401);
        assertThat(sql.strings("SELECT actor FROM audit_events WHERE event_type = 'key.revoked' AND payload LIKE ?", "%" + keyId + "%"))
                .singleElement().asString().startsWith("api-key:ops.admin(");
        assertThat(post(admin, "/api/keys/" + keyId + "/revocation", "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void noKeyThatActsForAPersonAndNoneForever() throws Exception {
        String admin = HUB.key("ops.admin2", "admin");
        for (String scope : new String[] {"approver", "desk", "audit", "admin"}) {
            HttpResponse<String> r = post(admin, "/api/keys", "{\"owner\": \"alice.moreau\", \"scopes\": [\"" + scope + "\"]}");
            assertThat(r.statusCode()).as(scope).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(JSON.readTree(r.body()).path("detail").asText()).contains("system scopes only");
        }
        assertThat(post(admin, "/api/keys", "{\"owner\": \"crm\", \"scopes\": [\"usage\"], \"days\": 3650}").statusCode()).isEqualTo(400);
        assertThat(post(admin, "/api/keys", "{\"owner\": \"crm\"}").statusCode()).isEqualTo(400);
        // only an admin manages keys
        String desk = HUB.key("desk.person", "desk");
        assertThat(post(desk, "/api/keys", "{\"owner\": \"crm\", \"scopes\": [\"usage\"]}").statusCode()).isEqualTo(403);
        assertThat(HUB.get("/api/keys", "Authorization", "Bearer " + desk).statusCode()).isEqualTo(403);
        assertThat(HUB.anonymous("GET", "/api/keys", null, null).statusCode()).isEqualTo(401);
    }

    private static HttpResponse<String> post(String key, String path, String json) throws Exception {
        return HUB.post(path, "application/json", json.getBytes(), "Authorization", "Bearer " + key);
    }
}
