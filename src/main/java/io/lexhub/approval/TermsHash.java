package io.lexhub.approval;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.math.BigDecimal;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lexhub.model.RiskResult;
import io.lexhub.model.Terms;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an approval is bound to: SHA-256 over the terms, the risk result and the policy version,
 * in a canonical JSON form (sorted map keys) so the same content always gives the same hash.
 */
public final class TermsHash {

    // numbers without trailing zeros: 7.50 computed and 7.5 read back from storage are one value
    private static final ObjectMapper CANONICAL = new ObjectMapper().registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule().addSerializer(BigDecimal.class, new JsonSerializer<>() {
                @Override
                public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                    gen.writeNumber(value.stripTrailingZeros().toPlainString());
                }
            }))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private TermsHash() {}

    public static String of(Terms terms, RiskResult risk, String policyVersion) {
        Map<String, Object> bound = new LinkedHashMap<>();
        bound.put("terms", terms);
        bound.put("risk", risk);
        bound.put("policyVersion", policyVersion);
        try {
            byte[] json = CANONICAL.writeValueAsString(bound).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
