package io.lexhub.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lexhub.policy.Policy;
import io.lexhub.policy.Policy.LevelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every role a policy tier or extra level can require has at least one approver in
 * approvers.yaml; then the hub's own start-up check of the file (every tier's chain can be decided
 * at every revenue impact it admits). The directory belongs to the approvals work; until it exists this rule is
 * skipped. It reads roles from any {@code role: x} or {@code roles: [x, y]} entry, so it does not
 * depend on how people are grouped in the file.
 */
final class ApproversCheck implements Check {

    static final String FILE = "approvers.yaml";

    @Override
    public List<Problem> run(Workspace w) {
        Path file = w.config(FILE);
        if (!Files.isRegularFile(file) || w.policy().isEmpty()) return List.of();
        JsonNode doc;
        String text;
        try {
            text = Files.readString(file);
            doc = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (IOException e) {
            return List.of(new Problem(file, 1, "cannot read: " + e.getMessage().lines().findFirst().orElse(""), "fix the YAML syntax"));
        }
        Set<String> staffed = new TreeSet<>();
        collectRoles(doc, staffed);
        int line = YamlLines.of(text).lineOf("approvers");
        List<Problem> problems = new ArrayList<>();
        neededRoles(w.policy().get()).forEach((role, neededBy) -> {
            if (!staffed.contains(role)) {
                problems.add(new Problem(file, line, "role '" + role + "' has no approvers but policy.yaml needs it for " + neededBy,
                        "give at least one person the role " + role));
            }
        });
        // a task owned by one person names someone of this file: the problem is on the policy's line
        Path policyFile = w.config(PolicyCheck.FILE);
        YamlLines policyLines = YamlLines.of(readOrEmpty(policyFile));
        for (String p : io.lexhub.approval.ApproverDirectory.unknownTaskOwners(w.policy().get(), ids(doc))) {
            problems.add(new Problem(policyFile, policyLines.lineOf(p.substring(0, p.indexOf(": "))), p,
                    "name someone of approvers.yaml by id, or give the task a role"));
        }
        if (!problems.isEmpty()) return problems;
        // the hub's own start-up check of the file against the policy (ids, managers, limits, whether every chain can be decided)
        try {
            io.lexhub.approval.ApproverDirectory.load(file, w.policy().get());
        } catch (io.lexhub.policy.PolicyException e) {
            for (String p : e.problems()) {
                String message = p.startsWith(FILE + ": ") ? p.substring(FILE.length() + 2) : p;
                problems.add(new Problem(file, line, message, null));
            }
        }
        return problems;
    }

    /** role -> the first tier or extra level that needs it. */
    static Map<String, String> neededRoles(Policy p) {
        Map<String, String> roles = new LinkedHashMap<>();
        for (Policy.Tier t : p.approval().tiers()) for (LevelSpec l : t.levels()) roles.putIfAbsent(l.role(), "tier " + t.id());
        for (Policy.ExtraLevel x : p.approval().extraLevels()) roles.putIfAbsent(x.level().role(), "extra level " + x.id());
        return roles;
    }

    private static Set<String> ids(JsonNode doc) {
        Set<String> ids = new TreeSet<>();
        if (doc != null) doc.path("approvers").forEach(a -> {
            if (a.path("id").isTextual()) ids.add(a.path("id").asText());
        });
        return ids;
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static void collectRoles(JsonNode node, Set<String> into) {
        if (node == null) return;
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                if (f.getKey().equals("role") && f.getValue().isTextual()) into.add(f.getValue().asText());
                else if (f.getKey().equals("roles") && f.getValue().isArray()) f.getValue().forEach(r -> into.add(r.asText()));
                else collectRoles(f.getValue(), into);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRoles(n, into));
        }
    }
}
