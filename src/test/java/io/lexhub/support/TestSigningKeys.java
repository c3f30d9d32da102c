package io.lexhub.support;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.ParseException;
import java.util.List;

/**
 * RSA signing keys for the OpenID provider the identity tests start (mock-oauth2-server), read from
 * src/test/resources/oidc/test-signing-keys.json: keys made for these tests and nothing else. The
 * provider would otherwise make a 2,048-bit key for each issuer and each rotation, the most costly
 * thing those tests did.
 */
public final class TestSigningKeys {

    private TestSigningKeys() {}

    /**
     * The first three keys, a fresh list for each provider: it takes them in order, one per issuer
     * and rotation, and makes its own after the third.
     */
    public static List<JWK> forProvider() {
        return all().subList(0, 3);
    }

    /** A key no provider of the tests signs with: the fourth. */
    public static RSAKey stranger() {
        return all().get(3).toRSAKey();
    }

    private static List<JWK> all() {
        try (InputStream in = TestSigningKeys.class.getResourceAsStream("/oidc/test-signing-keys.json")) {
            return JWKSet.load(in).getKeys();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException("oidc/test-signing-keys.json is not a JWK set", e);
        }
    }
}
