package io.lexhub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.camel.model.rest.RestDefinition;
import org.junit.jupiter.api.Test;

/** The declarations the gate reads: a verb without one stops the hub; each is found from the consumer endpoint Camel runs. */
class AccessRulesTest {

    private static RestDefinition rest() {
        RestDefinition rest = new RestDefinition();
        rest.setPath("/api");
        rest.get("/requests/{reference}").id("api-get-request").security("apiKey", "desk,audit,request-approver");
        rest.post("/requests").id("api-submit-request").security("apiKey", "intake");
        rest.get("/health/live").id("api-health-live").security("public");
        return rest;
    }

    @Test
    void eachVerbIsFoundFromItsConsumerEndpoint() {
        AccessRules rules = AccessRules.of(List.of(rest()));
        assertThat(rules.forEndpoint("platform-http:///api/requests/%7Breference%7D?httpMethodRestrict=GET").allowed())
                .containsExactly("desk", "audit", "request-approver");
        assertThat(rules.forEndpoint("platform-http:///api/requests?httpMethodRestrict=POST").allowed()).containsExactly("intake");
        assertThat(rules.forEndpoint("platform-http:///api/health/live?httpMethodRestrict=GET").key()).isEqualTo(AccessRules.PUBLIC);
        // another method, an unknown path, or not an HTTP route at all: no rule, so the gate refuses
        assertThat(rules.forEndpoint("platform-http:///api/requests?httpMethodRestrict=DELETE")).isNull();
        assertThat(rules.forEndpoint("platform-http:///api/other?httpMethodRestrict=GET")).isNull();
        assertThat(rules.forEndpoint("direct:intake")).isNull();
    }

    @Test
    void aVerbWithoutADeclarationOrWithAnUnknownScopeStopsTheHub() {
        RestDefinition rest = rest();
        rest.get("/metrics").id("api-metrics");
        rest.get("/waivers/{reference}").id("api-waiver").security("apiKey", "desk,auditor");
        rest.get("/x").id("api-x").security("cookie");
        rest.get("/y").id("api-y").security("session", "desk").security("apiKey", "desk");
        rest.get("/z").id("api-z").security("apiKey", "desk").security("session", "auditor");
        assertThatThrownBy(() -> AccessRules.of(List.of(rest)))
                .hasMessageContaining("GET /api/metrics (api-metrics): declare exactly one security entry")
                .hasMessageContaining("GET /api/waivers/{reference} (api-waiver): unknown scope 'auditor'")
                .hasMessageContaining("GET /api/x (api-x): unknown security key 'cookie'")
                .hasMessageContaining("GET /api/y (api-y): declare exactly one security entry (apiKey with scopes, session, decisionLink, signIn, webhookSignature or public), or apiKey then session")
                .hasMessageContaining("GET /api/z (api-z): unknown scope 'auditor'");
    }

    @Test
    void aRouteMayTakeAKeyOrASession() {
        RestDefinition rest = rest();
        rest.get("/both").id("api-both").security("apiKey", "desk,request-approver").security("session", "desk,request-approver");
        rest.get("/page").id("page").security("session");
        rest.get("/sign-in").id("sign-in").security("signIn");
        AccessRules rules = AccessRules.of(List.of(rest));
        AccessRules.Rule both = rules.forEndpoint("platform-http:///api/both?httpMethodRestrict=GET");
        assertThat(both.key()).isEqualTo(AccessRules.API_KEY);
        assertThat(both.session()).containsExactly("desk", "request-approver");
        AccessRules.Rule page = rules.forEndpoint("platform-http:///api/page?httpMethodRestrict=GET");
        assertThat(page.key()).isEqualTo(AccessRules.SESSION);
        assertThat(page.session()).as("any signed-in person").isEmpty();
        assertThat(rules.forEndpoint("platform-http:///api/requests?httpMethodRestrict=POST").acceptsSession()).isFalse();
        assertThat(rules.forEndpoint("platform-http:///api/sign-in?httpMethodRestrict=GET").key()).isEqualTo(AccessRules.SIGN_IN);
    }
}
