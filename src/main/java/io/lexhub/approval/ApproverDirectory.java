package io.lexhub.approval;

import io.lexhub.policy.YamlFiles;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lexhub.model.ApprovalLevel;
import io.lexhub.policy.Policy;
import io.lexhub.policy.PolicyException;
import io.lexhub.policy.PolicyLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The approvers of config/approvers.yaml, checked on load (ids, e-mails, roles, managers) and
 * against the policy (every role a chain can need has enough people, and every tier's chain can be
 * decided to the end at every revenue impact the tier admits: {@link ChainStaffing}).
 */
public final class ApproverDirectory {

    /** Internal addresses told about decisions. */
    public record InternalRecipients(String licensing, String sales, String billing) {
        public List<String> all() {
            return java.util.stream.Stream.of(licensing, sales, billing).filter(a -> a != null && !a.isBlank()).toList();
        }

        /** Who is told when a waiver nears its end or ends (expiry reminder, sunset, revocation): licensing. */
        public List<String> waiverOwners() {
            return licensing == null ? List.of() : List.of(licensing);
        }
    }

    record File(List<Approver> approvers, @JsonProperty("notify") InternalRecipients internal) {}

    private final Map<String, Approver> byId;
    private final InternalRecipients internal;
    private final Addresses addresses;

    /**
     * Not an approval role (no tier names it): the people who approve a policy change someone else
     * proposed, under four eyes (docs/policy.md).
     */
    public static final String POLICY_OWNER = "policy-owner";

    /** Whether this person holds the policy-owner role. */
    public boolean policyOwner(String id) {
        return find(id).map(a -> a.roles().contains(POLICY_OWNER)).orElse(false);
    }

    public ApproverDirectory(List<Approver> approvers, InternalRecipients internal) {
        this(approvers, internal, Addresses.standard());
    }

    /** @param addresses how e-mail addresses are compared when they identify a person */
    public ApproverDirectory(List<Approver> approvers, InternalRecipients internal, Addresses addresses) {
        this.addresses = addresses;
        Map<String, Approver> map = new LinkedHashMap<>();
        for (Approver a : approvers) map.put(a.id(), a);
        // file order: mails and escalations go out in the order ops listed the people
        this.byId = java.util.Collections.unmodifiableMap(map);
        this.internal = internal == null ? new InternalRecipients(null, null, null) : internal;
    }

    public static ApproverDirectory load(Path file, Policy policy) {
        return load(file, policy, Addresses.standard());
    }

    public static ApproverDirectory load(Path file, Policy policy, Addresses addresses) {
        String name = file.getFileName().toString();
        File parsed = YamlFiles.read(file, File.class);
        List<Approver> list = parsed == null || parsed.approvers() == null ? List.of() : parsed.approvers();
        List<String> problems = check(name, list, policy, addresses);
        if (!problems.isEmpty()) throw new PolicyException(problems);
        return new ApproverDirectory(list, parsed.internal(), addresses);
    }

    static List<String> check(String name, List<Approver> approvers, Policy policy) {
        return check(name, approvers, policy, Addresses.standard());
    }

    static List<String> check(String name, List<Approver> approvers, Policy policy, Addresses addresses) {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> emails = new HashSet<>();
        Set<String> jiraAccounts = new HashSet<>();
        Set<String> jiraUsers = new HashSet<>();
        Set<String> subjects = new HashSet<>();
        for (int i = 0; i < approvers.size(); i++) {
            Approver a = approvers.get(i);
            String where = name + ": approvers[" + i + "]" + (a.id() == null ? "" : " (" + a.id() + ")") + ": ";
            if (blank(a.id())) problems.add(where + "id missing");
            else if (!ids.add(a.id())) problems.add(where + "duplicate id");
            if (blank(a.email()) || !a.email().contains("@")) problems.add(where + "email missing or invalid");
            // two entries for one mailbox (a.b+x@, A.B@) would be one person with two seats
            else if (!emails.add(String.valueOf(addresses.canonical(a.email())))) problems.add(where + "e-mail used by another approver");
            if (a.roles().isEmpty()) problems.add(where + "no roles");
            for (String role : a.roles()) {
                if (!PolicyLoader.ROLES.contains(role) && !POLICY_OWNER.equals(role)) {
                    problems.add(where + "unknown role '" + role + "'; known roles: " + PolicyLoader.ROLES + " and " + POLICY_OWNER);
                }
            }
            if (a.approvalLimit() != null && a.approvalLimit() < 0) problems.add(where + "approvalLimit must not be negative");
            if (a.jiraAccountId() != null && !jiraAccounts.add(a.jiraAccountId())) problems.add(where + "jiraAccountId used by another approver");
            if (a.jiraUser() != null && !jiraUsers.add(a.jiraUser().toLowerCase(Locale.ROOT))) problems.add(where + "jiraUser used by another approver");
            if (a.oidcSubject() != null && !subjects.add(a.oidcSubject())) problems.add(where + "oidcSubject used by another approver");
        }
        for (int i = 0; i < approvers.size(); i++) {
            Approver a = approvers.get(i);
            String where = name + ": approvers[" + i + "] (" + a.id() + "): ";
            if (a.manager() != null && !ids.contains(a.manager())) problems.add(where + "manager '" + a.manager() + "' is not an approver");
            if (a.backup() != null && !ids.contains(a.backup())) problems.add(where + "backup '" + a.backup() + "' is not an approver");
            if (a.id() != null && (a.id().equals(a.manager()) || a.id().equals(a.backup()))) problems.add(where + "cannot be their own manager or backup");
        }
        // a task owned by one person needs that person here (check/ApproversCheck points at the policy's line)
        for (String problem : unknownTaskOwners(policy, ids)) problems.add(name + ": " + problem);
        for (Map.Entry<String, Integer> need : neededPerRole(policy).entrySet()) {
            long have = approvers.stream().filter(a -> a.hasRole(need.getKey())).count();
            if (have < need.getValue()) {
                problems.add(name + ": role '" + need.getKey() + "' needs at least " + need.getValue()
                        + " approver(s) for the policy's chains but has " + have);
            }
        }
        if (problems.isEmpty()) {
            // limits and "nobody decides two levels" can leave a level with nobody at some revenue impact
            for (ChainStaffing.Gap gap : ChainStaffing.gaps(policy, new ApproverDirectory(approvers, null, addresses))) {
                problems.add(name + ": " + gap.message() + "; raise an approval limit or add an approver");
            }
        }
        return problems;
    }

    /** "implementationTasks.DISCOUNT[0] (billing): person 'x' is not an approver" for each task owner not among {@code ids}. */
    public static List<String> unknownTaskOwners(Policy policy, Set<String> ids) {
        List<String> problems = new ArrayList<>();
        if (policy.implementationTasks() == null) return problems;
        policy.implementationTasks().forEach((type, tasks) -> {
            for (int i = 0; i < tasks.size(); i++) {
                Policy.TaskSpec t = tasks.get(i);
                if (t.person() != null && !ids.contains(t.person())) {
                    problems.add("implementationTasks." + type + "[" + i + "] (" + t.id() + "): person '" + t.person() + "' is not an approver in approvers.yaml");
                }
            }
        });
        return problems;
    }

    /** Per role, the most people a level of the policy can need (a quorum of n needs n). */
    private static Map<String, Integer> neededPerRole(Policy policy) {
        Map<String, Integer> need = new LinkedHashMap<>();
        List<Policy.LevelSpec> levels = new ArrayList<>();
        policy.approval().tiers().forEach(t -> levels.addAll(t.levels()));
        policy.approval().extraLevels().forEach(x -> levels.add(x.level()));
        for (Policy.LevelSpec l : levels) {
            int n = ApprovalLevel.Mode.QUORUM.name().equals(l.mode()) && l.quorum() != null ? l.quorum() : 1;
            need.merge(l.role(), n, Math::max);
        }
        return need;
    }

    public Optional<Approver> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** How addresses are compared for identity (conflict of interest, look-up by address). */
    public Addresses addresses() {
        return addresses;
    }

    /** The approver whose mailbox this is, however the address is spelt. */
    public Optional<Approver> byEmail(String email) {
        String c = addresses.canonical(email);
        if (c == null) return Optional.empty();
        return byId.values().stream().filter(a -> c.equals(addresses.canonical(a.email()))).findFirst();
    }

    /** The approver a Jira Cloud account id belongs to. */
    public Optional<Approver> byJiraAccountId(String accountId) {
        return byId.values().stream().filter(a -> a.jiraAccountId() != null && a.jiraAccountId().equals(accountId)).findFirst();
    }

    /** The approver a Jira Server / Data Center user name belongs to (user names are not case-sensitive there). */
    /** The approver with this subject at the OpenID provider (exact match). */
    public Optional<Approver> byOidcSubject(String subject) {
        return byId.values().stream().filter(a -> a.oidcSubject() != null && a.oidcSubject().equals(subject)).findFirst();
    }

    public Optional<Approver> byJiraUser(String user) {
        return byId.values().stream().filter(a -> a.jiraUser() != null && a.jiraUser().equalsIgnoreCase(user)).findFirst();
    }

    /** Everyone, in the file's order. */
    public List<Approver> all() {
        return List.copyOf(byId.values());
    }

    public List<Approver> withRole(String role) {
        return byId.values().stream().filter(a -> a.hasRole(role)).toList();
    }

    public InternalRecipients internal() {
        return internal;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
