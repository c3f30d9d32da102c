package io.lexhub.app;

import io.lexhub.api.HealthApi;
import io.lexhub.check.ConfigValidator;
import io.lexhub.check.Problem;
import io.lexhub.intake.ContentHash;
import io.lexhub.lifecycle.ProposalState;
import io.lexhub.pipeline.policy.PolicyApplier;
import io.lexhub.pipeline.policy.PolicyProposals;
import io.lexhub.pipeline.policy.ProposalException;
import io.lexhub.policy.PolicyText;
import io.lexhub.policy.PolicyException;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.policy.PolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload of policy.yaml and routes/*.camel.yaml, run by the config-reload timer route. A
 * changed file is checked first, as {@code lexhub validate} would; only a good one is applied (the
 * policy swapped atomically and its version recorded in the audit trail as policy.loaded and its text in
 * policy_versions (PolicyHistory), changed
 * route files replaced through Camel's routes loader). A bad one leaves the running version in
 * place; the error is logged and shown at GET /api/health until a good version arrives. Camel's
 * own route reload is not used because it applies a file without checking it first.
 *
 * <p>With four eyes ({@code lexhub.policy.four-eyes}, docs/policy.md) a changed policy file is not
 * applied: it becomes a proposal ({@link PolicyProposals}); each tick this node puts the proposal
 * approved last in force if it is not yet (so every node follows an approval made on any node),
 * and writes it to its policy file.
 *
 * <p>Every change is on record (docs/operations.md, "Configuration changes on record"): a reload
 * applied or refused is an audit event naming this node and each changed file with its old and
 * new SHA-256 ({@link ConfigChanges}), a changed file of config/ that only a restart applies too;
 * what the node then runs on is published for the other nodes ({@link NodeDigests}).
 */
public final class ConfigReloader implements HealthApi.ReloadState, PolicyApplier {

    private static final Logger LOG = LoggerFactory.getLogger("lexhub.reload");

    /** The outcome of the last reload attempt of one kind, for /api/health. */
    public record Attempt(Instant at, boolean applied, String detail) {}

    private final CamelContext camel;
    private final Settings settings;
    private final PolicyHolder policy;
    private final PolicyHistory history;
    private final Clock clock;
    /** null without four eyes */
    private final PolicyProposals proposals;
    private final ConfigChanges changes;
    private final NodeDigests digests;
    private String policySeen;
    private final Map<Path, String> routesSeen = new HashMap<>();
    private Map<String, String> configSeen;
    private volatile Attempt lastPolicy;
    private volatile Attempt lastRoutes;

    /** @param proposals null without four eyes */
    ConfigReloader(CamelContext camel, Settings settings, PolicyHolder policy, PolicyHistory history, Clock clock, PolicyProposals proposals,
            ConfigChanges changes, NodeDigests digests) {
        this.proposals = proposals;
        this.changes = changes;
        this.digests = digests;
        this.camel = camel;
        this.settings = settings;
        this.policy = policy;
        this.history = history;
        this.clock = clock;
        // what is running now is the baseline: only later changes are reloaded
        // with four eyes the baseline is the text in force: a file that differs from it is proposed
        this.policySeen = proposals != null && policy.inForce().sha256() != null ? policy.inForce().sha256() : hash(settings.policyFile());
        routeFiles().forEach(f -> routesSeen.put(f, hash(f)));
        this.configSeen = ConfigDigests.config(settings.configDir());
    }

    /** One look at the files; synchronized because a slow check must not overlap the next tick. */
    public synchronized void check() {
        checkPolicy();
        checkRoutes();
        checkConfig();
    }

    private void checkPolicy() {
        String now = hash(settings.policyFile());
        if (proposals != null) {
            if (!now.equals(policySeen)) proposeFile(now);
            applyApproved();
            return;
        }
        if (now.equals(policySeen)) return;
        policySeen = now;
        String running = digests.running().get("policy").get(ConfigDigests.POLICY);
        try {
            // read once: the text parsed is the text recorded
            PolicyText next = PolicyLoader.loadText(settings.policyFile());
            String before = policy.current().version();
            // recorded before it takes effect: no request is ever assessed under an unrecorded policy
            history.recordReload(next, before, ConfigChanges.files(changes.node(),
                    List.of(new ConfigChanges.FileChange(ConfigDigests.POLICY, running, next.sha256()))));
            policy.replace(next);
            digests.policyApplied(next.sha256());
            lastPolicy = new Attempt(clock.instant(), true, "policy " + next.policy().version() + " in force (was " + before + ")");
            LOG.info("policy reloaded: {} (was {})", next.policy().version(), before);
        } catch (PolicyException e) {
            lastPolicy = new Attempt(clock.instant(), false, String.join("; ", e.problems()));
            LOG.warn("policy change refused, {} stays in force: {}", policy.current().version(), e.getMessage());
            changes.refused("policy", List.of(new ConfigChanges.FileChange(ConfigDigests.POLICY, running, now)), lastPolicy.detail());
        }
    }

    /** Four eyes: the changed file is proposed by "file-system change"; a malformed one is refused (audited) and shown. */
    private void proposeFile(String now) {
        policySeen = now;
        if (now.equals(policy.inForce().sha256())) return;
        try {
            var p = proposals.propose(Files.readString(settings.policyFile()), PolicyProposals.FILE_SYSTEM, "system:reload");
            lastPolicy = new Attempt(clock.instant(), false, "proposal " + p.id() + " (policy " + p.version() + ") waits for a policy owner's approval; "
                    + policy.current().version() + " stays in force");
            LOG.info("policy file changed: proposal {} ({}) waits for approval, {} stays in force", p.id(), p.version(), policy.current().version());
        } catch (ProposalException | IOException e) {
            String detail = e instanceof ProposalException pe ? String.join("; ", pe.problems()) : e.toString();
            lastPolicy = new Attempt(clock.instant(), false, detail);
            LOG.warn("policy proposal refused, {} stays in force: {}", policy.current().version(), detail);
        }
    }

    /** Puts the proposal approved last in force here unless it is (an approval on any node reaches every node by this). */
    @Override
    public synchronized void applyApproved() {
        var approved = proposals.latestApproved();
        if (approved.isEmpty()) return;
        var p = approved.get();
        boolean inForce = p.sha256().equals(policy.inForce().sha256());
        if (inForce && p.state() == ProposalState.APPLIED) return;
        try {
            PolicyText next = inForce ? policy.inForce() : PolicyText.parse(p.text(), "proposal " + p.id());
            String before = policy.current().version();
            history.recordApproved(next, before, p);
            policy.replace(next);
            digests.policyApplied(next.sha256());
            lastPolicy = new Attempt(clock.instant(), true, "policy " + next.policy().version() + " in force (was " + before + "), proposal " + p.id()
                    + " approved by " + p.decidedBy());
            LOG.info("policy {} in force (was {}): proposal {} approved by {}", next.policy().version(), before, p.id(), p.decidedBy());
            writeFile(p.text());
        } catch (PolicyException e) {
            lastPolicy = new Attempt(clock.instant(), false, String.join("; ", e.problems()));
            LOG.warn("approved proposal {} cannot be applied here, {} stays in force: {}", p.id(), policy.current().version(), e.getMessage());
        }
    }

    /** The file follows the policy in force, so a restart starts with it and an unchanged file is not proposed again. */
    private void writeFile(String text) {
        try {
            Files.writeString(settings.policyFile(), text);
            policySeen = hash(settings.policyFile());
        } catch (IOException e) {
            LOG.warn("could not write the approved policy to {}: {}", settings.policyFile(), e.getMessage());
        }
    }

    private void checkRoutes() {
        List<Path> changed = new ArrayList<>();
        for (Path f : routeFiles()) {
            String h = hash(f);
            if (!h.equals(routesSeen.get(f))) changed.add(f);
        }
        if (changed.isEmpty()) return;
        changed.forEach(f -> routesSeen.put(f, hash(f)));
        // old: what runs now (a refused version in between never ran); new: what was checked
        Map<String, String> running = digests.running().get("routes");
        List<ConfigChanges.FileChange> files = changed.stream()
                .map(f -> new ConfigChanges.FileChange(ConfigDigests.routeName(f), running.get(ConfigDigests.routeName(f)), routesSeen.get(f))).toList();
        List<Problem> problems = ConfigValidator.validateRoutes(settings.routesDir(), settings.configDir(), ValidationWiring.HUB);
        String names = changed.stream().map(f -> f.getFileName().toString()).collect(Collectors.joining(", "));
        if (!problems.isEmpty()) {
            lastRoutes = new Attempt(clock.instant(), false, problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
            LOG.warn("route change refused ({}), the running routes stay: {}", names, lastRoutes.detail());
            changes.refused("routes", files, lastRoutes.detail());
            return;
        }
        Collection<String> ids;
        try {
            Resource[] resources = changed.stream().map(f -> ResourceHelper.resolveResource(camel, "file:" + f)).toArray(Resource[]::new);
            ids = PluginHelper.getRoutesLoader(camel).updateRoutes(resources);
        } catch (Exception e) {
            lastRoutes = new Attempt(clock.instant(), false, names + ": " + e.getMessage());
            LOG.warn("route reload of {} failed: {}", names, e.getMessage());
            changes.refused("routes", files, lastRoutes.detail());
            return;
        }
        lastRoutes = new Attempt(clock.instant(), true, "reloaded " + names + ": routes " + ids);
        LOG.info("routes reloaded from {}: {}", names, ids);
        changes.reloaded("routes", files, List.copyOf(ids));
        Map<String, String> applied = new HashMap<>();
        files.forEach(f -> applied.put(f.path(), f.newSha256()));
        digests.routesApplied(applied);
    }

    /** A changed file of config/ other than the policy is read at the next start: the change is put on record now. */
    private void checkConfig() {
        Map<String, String> now = ConfigDigests.config(settings.configDir());
        if (now.equals(configSeen)) return;
        List<ConfigChanges.FileChange> files = new ArrayList<>();
        now.forEach((name, sha) -> {
            if (!sha.equals(configSeen.get(name))) files.add(new ConfigChanges.FileChange(name, configSeen.get(name), sha));
        });
        configSeen.forEach((name, sha) -> {
            if (!now.containsKey(name)) files.add(new ConfigChanges.FileChange(name, sha, null));
        });
        configSeen = now;
        LOG.info("config files changed, applied at the next start: {}", files.stream().map(ConfigChanges.FileChange::path).toList());
        changes.changed(files);
    }

    /** For /api/health: the last attempt of each kind, applied or refused with the reason. */
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("policy", lastPolicy == null ? Map.of() : lastPolicy);
        s.put("routes", lastRoutes == null ? Map.of() : lastRoutes);
        return s;
    }

    private List<Path> routeFiles() {
        try (Stream<Path> files = Files.list(settings.routesDir())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String hash(Path file) {
        try {
            return ContentHash.sha256(Files.readAllBytes(file));
        } catch (IOException e) {
            return "unreadable";
        }
    }
}
