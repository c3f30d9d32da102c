package io.lexhub.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.app.HubConfiguration;
import io.lexhub.support.ApiContract;
import io.lexhub.support.TestHub;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.SecurityDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The API's description as a caller gets it from the running hub (GET /api/openapi.json, public):
 * a valid OpenAPI 3.1 document in which every rest route of routes/*.camel.yaml appears, with the
 * security requirement its access declaration means; and Swagger UI at /api/docs from the jar, under
 * a CSP that allows script only from the hub and no inline script.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest {

    static final TestHub HUB = TestHub.prepare("openapi");

    @BeanInject
    CamelContext camel;

    @AfterAll
    void stop() {
        HUB.close();
    }

    @Test
    void everyRouteIsDescribedWithTheAccessItDeclares() throws Exception {
        HttpResponse<String> r = HUB.anonymous("GET", "/api/openapi.json", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/openapi.json"), r.body());

        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(r.body());
        assertThat(parsed.getMessages()).as("the OpenAPI parser's findings").isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");

        ApiContract contract = ApiContract.of(r.body());
        JsonNode doc = contract.document();
        JsonNode schemes = doc.path("components").path("securitySchemes");
        assertThat(schemes.path(AccessRules.API_KEY).path("type").asText()).isEqualTo("http");
        assertThat(schemes.path(AccessRules.API_KEY).path("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.path(AccessRules.SESSION).path("type").asText()).isEqualTo("apiKey");
        assertThat(schemes.path(AccessRules.SESSION).path("in").asText()).isEqualTo("cookie");
        assertThat(schemes.path(AccessRules.SESSION).path("name").asText()).isEqualTo(io.lexhub.access.Sessions.COOKIE);

        List<RestDefinition> rests = camel.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions();
        List<String> seen = new ArrayList<>();
        for (RestDefinition rest : rests) {
            for (VerbDefinition v : rest.getVerbs()) {
                String method = v.asVerb().toUpperCase(Locale.ROOT);
                String path = (rest.getPath() + "/" + v.getPath()).replaceAll("/+", "/").replaceAll("(.)/$", "$1");
                String what = method + " " + path + " (" + v.getId() + ")";
                JsonNode op = contract.operation(method, path.replace("{", "x").replace("}", "x")).map(ApiContract.Operation::node).orElse(null);
                assertThat(op).as(what + " is in the document").isNotNull();
                assertThat(op.path("operationId").asText()).as(what).isEqualTo(v.getId());
                String key = v.getSecurity().get(0).getKey();
                assertThat(op.path("x-lexhub-access").asText()).as(what).isEqualTo(key);
                // the requirement: one alternative per credential the route takes, with its scopes; none for the others
                List<String> expected = new ArrayList<>();
                for (SecurityDefinition s : v.getSecurity()) {
                    if (!s.getKey().equals(AccessRules.API_KEY) && !s.getKey().equals(AccessRules.SESSION)) continue;
                    expected.add(s.getKey() + "=" + (s.getScopes() == null ? List.of() : List.of(s.getScopes().split(","))));
                }
                List<String> actual = new ArrayList<>();
                for (JsonNode requirement : op.path("security")) {
                    requirement.fields().forEachRemaining(e -> {
                        List<String> scopes = new ArrayList<>();
                        e.getValue().forEach(x -> scopes.add(x.asText()));
                        actual.add(e.getKey() + "=" + scopes);
                    });
                }
                assertThat(op.has("security")).as(what + " states its requirement, empty when public").isTrue();
                assertThat(actual).as(what + " security").isEqualTo(expected);
                if (!expected.isEmpty()) assertThat(op.path("responses").has("401") && op.path("responses").has("403")).as(what).isTrue();
                // every JSON answer has a schema, and every reference resolves
                op.path("responses").forEach(resp -> resp.path("content").fields().forEachRemaining(c -> {
                    assertThat(c.getValue().has("schema")).as(what + " " + c.getKey()).isTrue();
                }));
                seen.add(what);
            }
        }
        Matcher ref = Pattern.compile("\"\\$ref\" : \"#/components/schemas/([A-Za-z]+)\"").matcher(r.body());
        while (ref.find()) assertThat(doc.path("components").path("schemas").has(ref.group(1))).as(ref.group()).isTrue();
        assertThat(seen).hasSizeGreaterThanOrEqualTo(40);
        assertThat(contract.operations()).hasSize(seen.size());
        System.out.println("[openapi] operations described: " + seen.size());
    }

    @Test
    void swaggerUiIsServedFromTheJarUnderTheHubsPolicy() throws Exception {
        HttpResponse<String> page = HUB.anonymous("GET", "/api/docs", null, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        // no inline script, nothing from elsewhere; every script and stylesheet it names is the hub's
        assertThat(page.body()).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain("http://", "https://", "style=");
        Matcher m = Pattern.compile("(?:src|href)=\"(/api/docs/[^\"]+)\"").matcher(page.body());
        int files = 0;
        while (m.find()) {
            HttpResponse<String> file = HUB.anonymous("GET", m.group(1), null, null);
            assertThat(file.statusCode()).as(m.group(1)).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Type").orElseThrow()).as(m.group(1)).matches("text/(javascript|css); charset=utf-8");
            assertThat(file.body().length()).as(m.group(1)).isGreaterThan(100);
            files++;
        }
        assertThat(files).isEqualTo(3);
        String init = HUB.anonymous("GET", "/api/docs/swagger-initializer.js", null, null).body();
        assertThat(init).contains("url: \"/api/openapi.json\"", "validatorUrl: null");
        assertThat(Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8)).contains("<swagger-ui.version>" + ApiDocs.SWAGGER_UI_VERSION + "<");
    }

    @Test
    void realAnswersKeepToTheDocument() throws Exception {
        ApiContract contract = HUB.checkAnswersAgainstTheApiContract();
        byte[] doc = Files.readAllBytes(Path.of("examples/requests/migration-extra-seats.json"));
        HttpResponse<String> created = HUB.post("/api/requests", "application/json", doc);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(HUB.post("/api/requests", "application/json", doc).statusCode()).as("the same document again").isEqualTo(200);
        String ref = io.lexhub.model.Json.readTree(created.body()).path("reference").asText();
        assertThat(HUB.get("/api/requests/" + ref).statusCode()).isEqualTo(200);
        assertThat(HUB.get("/api/requests/EXC-2026-999999").statusCode()).isEqualTo(404);
        assertThat(HUB.get("/api/requests/nonsense").statusCode()).isEqualTo(400);
        assertThat(HUB.post("/api/requests", "application/json", "{\"not\": \"a request\"".getBytes()).statusCode()).isEqualTo(400);
        assertThat(HUB.get("/api/health").statusCode()).isEqualTo(200);
        assertThat(HUB.anonymous("GET", "/api/health/live", null, null).statusCode()).isEqualTo(200);
        assertThat(HUB.anonymous("GET", "/api/health/ready", null, null).statusCode()).isEqualTo(200);
        assertThat(HUB.anonymous("GET", "/api/keys", null, null).statusCode()).isEqualTo(401);
        assertThat(HUB.get("/api/keys").statusCode()).isEqualTo(200);
        assertThat(HUB.get("/api/outbox/failed").statusCode()).isEqualTo(200);
        assertThat(HUB.get("/api/quarantine").statusCode()).isEqualTo(200);
        assertThat(HUB.get("/api/waivers/" + ref).statusCode()).isEqualTo(404);

        // and a drift is caught: an answer the document does not allow
        assertThat(contract.problems("GET", "/api/requests/" + ref, 200, "application/json", "{\"reference\": 1}")).isNotEmpty();
        assertThat(contract.problems("GET", "/api/requests/" + ref, 418, "application/json", "{}")).isNotEmpty();
        assertThat(contract.problems("GET", "/api/requests/" + ref, 404, "application/json", "{}")).as("an error is a problem document").isNotEmpty();
    }
}
