package io.lexhub.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.lexhub.model.ExceptionType;
import io.lexhub.policy.Policy.Approval;
import io.lexhub.policy.Policy.AutoApprove;
import io.lexhub.policy.Policy.Calendar;
import io.lexhub.policy.Policy.Lifecycle;
import io.lexhub.policy.Policy.Condition;
import io.lexhub.policy.Policy.ExtraLevel;
import io.lexhub.policy.Policy.FastTrack;
import io.lexhub.policy.Policy.LevelSpec;
import io.lexhub.policy.Policy.Risk;
import io.lexhub.policy.Policy.Rule;
import io.lexhub.policy.Policy.Tier;
import io.lexhub.policy.Policy.TypeRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads config/policy.yaml into an immutable {@link Policy}: YAML is read as plain data within
 * size, depth and duplicate-key limits, unknown fields are errors, and every semantic problem is
 * collected into one {@link PolicyException}.
 */
public final class PolicyLoader {

    /** Terms record components that requiredTerms / forbiddenTerms may name (the period is governed by maxDurationDays). */
    public static final Set<String> TERM_NAMES = Set.of("seats", "discountPercent", "regions", "features", "deployment");

    /** Approver roles an approval level may name. */
    public static final Set<String> ROLES = Set.of("licensing", "sales", "legal", "product", "security", "finance", "executive", "audit");

    static final int MAX_CODE_POINTS = 2 * 1024 * 1024;
    static final int MAX_DEPTH = 40;

    private static final YAMLFactory YAML = YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private static final ObjectMapper MAPPER = new ObjectMapper(YAML).registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                    DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                    DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private PolicyLoader() {}

    public static Policy load(Path file) {
        return loadText(file).policy();
    }

    /** The policy of {@code file} with the exact text read, read once (what is parsed is what is hashed and recorded). */
    public static PolicyText loadText(Path file) {
        String name = file.getFileName().toString();
        try {
            // a code point is at most 4 bytes: anything bigger cannot pass the limit, so don't read it
            if (Files.size(file) > 4L * MAX_CODE_POINTS) {
                throw new PolicyException(List.of(name + ": file is larger than the " + MAX_CODE_POINTS + " code point limit"));
            }
            return PolicyText.parse(Files.readString(file), name);
        } catch (IOException e) {
            throw new PolicyException(List.of(name + ": cannot read: " + e));
        }
    }

    public static Policy parse(String yaml, String sourceName) {
        scan(yaml, sourceName);
        Policy raw;
        try {
            raw = MAPPER.readValue(yaml, Policy.class);
        } catch (JsonProcessingException e) {
            throw new PolicyException(List.of(sourceName + ": " + describe(e)));
        }
        if (raw == null) throw new PolicyException(List.of(sourceName + ": policy is empty"));
        List<String> problems = new PolicyChecker(sourceName).check(raw);
        if (!problems.isEmpty()) throw new PolicyException(problems);
        return freeze(raw);
    }

    private static LoaderOptions loaderOptions() {
        // Jackson drives SnakeYAML's event parser only, which applies the code point limit and the
        // duplicate-key check. The nesting and alias limits belong to SnakeYAML's Composer, which
        // Jackson does not use: depth is enforced by StreamReadConstraints, aliases are refused in
        // scan(). They are set anyway as a second line of defence.
        LoaderOptions o = new LoaderOptions();
        o.setCodePointLimit(MAX_CODE_POINTS);
        o.setAllowDuplicateKeys(false);
        o.setNestingDepthLimit(MAX_DEPTH);
        o.setMaxAliasesForCollections(20);
        return o;
    }

    /**
     * Streams through the document once before binding. Syntax errors, size, depth and duplicate
     * keys fail here. Aliases are refused: Jackson does not expand them (it yields the anchor name
     * as a string), so an alias would silently bind the wrong value, and refusing them also rules
     * out alias bombs.
     */
    private static void scan(String yaml, String source) {
        try (YAMLParser p = (YAMLParser) YAML.createParser(yaml)) {
            while (p.nextToken() != null) {
                if (p.isCurrentAlias()) {
                    throw new PolicyException(List.of(source + ": line " + p.currentLocation().getLineNr()
                            + ": YAML aliases are not supported (*" + p.getText() + "); write the value out"));
                }
            }
        } catch (JsonProcessingException e) {
            throw new PolicyException(List.of(source + ": " + describe(e)));
        } catch (IOException e) {
            throw new PolicyException(List.of(source + ": cannot read: " + e));
        }
    }

    private static String describe(JsonProcessingException e) {
        String line = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
        String msg = oneLine(e.getOriginalMessage());
        // the parser stops one level past the limit and reports that level: "deeper than" is what is known
        if (msg.contains("nesting depth")) return "nested deeper than " + MAX_DEPTH + " levels" + line;
        if (!(e instanceof JsonMappingException m)) return msg + line;
        List<JsonMappingException.Reference> refs = m.getPath();
        if (refs.isEmpty()) {
            if (msg.startsWith("No content to map")) return "policy is empty";
            if (msg.startsWith("Trailing token")) return "more than one YAML document" + line;
            if (msg.startsWith("Cannot deserialize value of type `" + Policy.class.getName())) {
                return "the policy must be a mapping of fields (version, exceptionTypes, ...)" + line;
            }
        }
        String where = path(refs);
        String parent = refs.isEmpty() ? "" : path(refs.subList(0, refs.size() - 1));
        if (m instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", ", "; known fields: ", ""));
            return prefix(parent) + "unknown field '" + u.getPropertyName() + "'" + known + line;
        }
        if (m instanceof InvalidFormatException f && f.getTargetType() != null) {
            Class<?> type = f.getTargetType();
            String expected = type.isEnum()
                    ? "one of " + Arrays.toString(type.getEnumConstants())
                    : "a valid " + type.getSimpleName().toLowerCase(Locale.ROOT);
            return prefix(where) + "'" + f.getValue() + "' is not " + expected + line;
        }
        // a record's int/double component that is absent or null (FAIL_ON_NULL_FOR_PRIMITIVES)
        if (msg.startsWith("Cannot map `null` into type") && !refs.isEmpty()) {
            return prefix(parent) + refs.get(refs.size() - 1).getFieldName() + " missing" + line;
        }
        return prefix(where) + msg + line;
    }

    private static String prefix(String where) {
        return where.isEmpty() ? "" : where + ": ";
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) sb.append('.');
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    // Records hold whatever lists Jackson built; rebuild with unmodifiable copies so a shared Policy
    // cannot be changed by any of its users.
    private static Policy freeze(Policy p) {
        Map<ExceptionType, TypeRule> types = new EnumMap<>(ExceptionType.class);
        p.exceptionTypes().forEach((type, t) -> types.put(type, new TypeRule(t.description(), copy(t.requiredTerms()),
                copy(t.forbiddenTerms()), t.maxDurationDays(), t.maxDiscountPercent(), t.maxSeats())));
        FastTrack f = p.fastTrack();
        AutoApprove auto = f.autoApprove() == null ? null : new AutoApprove(copy(f.autoApprove().types()),
                f.autoApprove().maxRiskScore(), f.autoApprove().maxDurationDays(), f.autoApprove().maxRevenueImpact());
        FastTrack fast = new FastTrack(copy(f.types()), f.maxDurationDays(), f.maxRevenueImpact(), f.maxSeats(),
                copy(f.dataSensitivity()), auto);
        Risk r = p.risk();
        Risk risk = new Risk(Collections.unmodifiableMap(new LinkedHashMap<>(r.weights())), copy(r.levels()),
                r.rules().stream().map(x -> new Rule(x.id(), x.dimension(), freeze(x.when()), x.points(), x.explanation())).toList());
        Approval a = p.approval();
        Approval approval = new Approval(
                a.tiers().stream().map(t -> new Tier(t.id(), t.maxRiskScore(), t.maxDurationDays(), t.maxRevenueImpact(),
                        t.levels().stream().map(PolicyLoader::freeze).toList())).toList(),
                a.extraLevels() == null ? List.of() : a.extraLevels().stream()
                        .map(x -> new ExtraLevel(x.id(), freeze(x.when()), freeze(x.level()))).toList());
        Lifecycle l = p.lifecycle();
        Lifecycle lifecycle = l == null ? null : new Lifecycle(Map.copyOf(l.sla()), l.tierSla() == null ? Map.of() : Map.copyOf(l.tierSla()),
                new Calendar(l.calendar().zone(), copy(l.calendar().workdays()), l.calendar().dayStart(), l.calendar().dayEnd(),
                        copy(l.calendar().holidays())),
                copy(l.expiryReminderDays()), l.maxRenewals(), l.reviewSampleShare(),
                l.implementationTaskReminderPercent());
        Policy.Utilisation u = p.utilisation() == null ? null : new Policy.Utilisation(
                p.utilisation().overageTolerancePercent() == null ? Policy.DEFAULT_UTILISATION.overageTolerancePercent() : p.utilisation().overageTolerancePercent(),
                p.utilisation().underuseThresholdPercent() == null ? Policy.DEFAULT_UTILISATION.underuseThresholdPercent() : p.utilisation().underuseThresholdPercent());
        Policy.Period d = p.period() == null ? null : new Policy.Period(
                p.period().maxStartAheadDays() == null ? Policy.DEFAULT_PERIOD.maxStartAheadDays() : p.period().maxStartAheadDays(),
                p.period().maxBackdateDays() == null ? Policy.DEFAULT_PERIOD.maxBackdateDays() : p.period().maxBackdateDays());
        List<Policy.BulkRule> bulk = p.bulkDecision() == null ? null : p.bulkDecision().stream()
                .map(b -> new Policy.BulkRule(b.track(), copy(b.types()), b.onlyRenewals())).toList();
        Map<ExceptionType, List<Policy.TaskSpec>> tasks = new EnumMap<>(ExceptionType.class);
        if (p.implementationTasks() != null) p.implementationTasks().forEach((type, list) -> tasks.put(type, copy(list)));

        Policy.PolicyReview r0 = p.policyReview();
        Policy.PolicyReview def = Policy.DEFAULT_POLICY_REVIEW;
        Policy.PolicyReview review = r0 == null ? null : new Policy.PolicyReview(
                r0.cadence() == null ? def.cadence() : r0.cadence(),
                r0.periodDays() == null ? def.periodDays() : r0.periodDays(),
                r0.repeatedGrantThreshold() == null ? def.repeatedGrantThreshold() : r0.repeatedGrantThreshold(),
                r0.similarTermsTolerancePercent() == null ? def.similarTermsTolerancePercent() : r0.similarTermsTolerancePercent(),
                r0.renewalChainLimit() == null ? def.renewalChainLimit() : r0.renewalChainLimit(),
                r0.overrideHighScore() == null ? def.overrideHighScore() : r0.overrideHighScore(),
                r0.overrideLowScore() == null ? def.overrideLowScore() : r0.overrideLowScore());

        Policy.BillingReview billing = p.billingReview() == null ? null : new Policy.BillingReview(p.billingReview().afterDays() == null
                ? Policy.DEFAULT_BILLING_REVIEW.afterDays() : p.billingReview().afterDays());
        return new Policy(p.version(), Collections.unmodifiableMap(types), fast, risk, approval, lifecycle, u, d, bulk,
                Collections.unmodifiableMap(tasks), review, billing);
    }

    private static LevelSpec freeze(LevelSpec l) {
        return new LevelSpec(l.role(), l.mode().toUpperCase(Locale.ROOT), l.quorum());
    }

    private static Condition freeze(Condition c) {
        Object value = c.value() instanceof List<?> l ? List.copyOf(l) : c.value();
        return new Condition(c.field(), c.op(), value,
                c.all() == null ? null : c.all().stream().map(PolicyLoader::freeze).toList(),
                c.any() == null ? null : c.any().stream().map(PolicyLoader::freeze).toList());
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
