package io.lexhub.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import io.lexhub.access.Scope;
import io.lexhub.access.oidc.OidcSettings;
import io.lexhub.access.oidc.SystemTokens;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** lexhub.auth.oidc.api-audience and api-scope-map: off unless set, approver never mappable, no ID-token audience. */
class SystemTokenSettingsTest {

    static OidcSettings settings(Map<String, String> extra) {
        Map<String, String> p = new HashMap<>(Map.of("lexhub.auth.oidc.issuer", "https://idp.example.com/realms/acme", "lexhub.auth.oidc.client-id", "lexhub"));
        p.putAll(extra);
        return OidcSettings.from(k -> Optional.ofNullable(p.get(k)), "https://lexhub.example.com");
    }

    @Test
    void offUnlessAnAudienceIsSet() {
        assertThat(settings(Map.of()).systemTokens()).isFalse();
        OidcSettings on = settings(Map.of("lexhub.auth.oidc.api-audience", "api://lexhub", "lexhub.auth.oidc.api-scope-map",
                "lexhub.intake: intake; lexhub.metrics: metrics; lexhub.desk: desk,audit"));
        assertThat(on.systemTokens()).isTrue();
        assertThat(on.apiScopeMap()).containsEntry("lexhub.desk", Set.of(Scope.DESK, Scope.AUDIT)).containsEntry("lexhub.intake", Set.of(Scope.INTAKE));
    }

    @Test
    void approverIsNeverGrantedToASystem() {
        assertThatThrownBy(() -> settings(Map.of("lexhub.auth.oidc.api-audience", "api://lexhub", "lexhub.auth.oidc.api-scope-map", "lexhub.decide: approver")))
                .hasMessageContaining("grants approver");
    }

    @Test
    void wrongCombinationsStopTheStart() {
        assertThatThrownBy(() -> settings(Map.of("lexhub.auth.oidc.api-audience", "lexhub"))).hasMessageContaining("must not be the sign-in client id");
        assertThatThrownBy(() -> settings(Map.of("lexhub.auth.oidc.api-scope-map", "lexhub.intake: intake"))).hasMessageContaining("needs lexhub.auth.oidc.api-audience");
        assertThatThrownBy(() -> settings(Map.of("lexhub.auth.oidc.api-audience", "api://lexhub", "lexhub.auth.oidc.api-scope-map", "lexhub.intake")))
                .hasMessageContaining("is not 'scope: scope[,scope]'");
        Map<String, String> noIssuer = Map.of("lexhub.auth.oidc.api-audience", "api://lexhub");
        assertThatThrownBy(() -> OidcSettings.from(k -> Optional.ofNullable(noIssuer.get(k)), "https://lexhub.example.com"))
                .hasMessageContaining("api-audience needs lexhub.auth.oidc.issuer");
    }

    @Test
    void scopesComeFromScopeScpOrRoles() {
        JWTClaimsSet c = new JWTClaimsSet.Builder().claim("scope", " lexhub.intake  openid").claim("scp", List.of("lexhub.metrics"))
                .claim("roles", List.of("lexhub.desk")).build();
        assertThat(SystemTokens.granted(c)).containsExactly("lexhub.intake", "openid", "lexhub.metrics", "lexhub.desk");
        assertThat(SystemTokens.looksLikeJws("lxk_abc")).isFalse();
        assertThat(SystemTokens.looksLikeJws("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")).as("alg none: no signature part").isFalse();
        assertThat(SystemTokens.looksLikeJws("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")).isTrue();
    }
}
