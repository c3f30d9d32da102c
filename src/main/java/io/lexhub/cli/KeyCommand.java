package io.lexhub.cli;

import io.lexhub.access.ApiKeys;
import io.lexhub.access.Scope;
import io.lexhub.app.Settings;
import io.lexhub.app.SettingsSource;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditKeys;
import io.lexhub.audit.AuditTrail;
import io.lexhub.policy.PolicyException;
import io.lexhub.policy.PolicyLoader;
import io.lexhub.store.AuditRowStore;
import io.lexhub.store.Database;
import io.lexhub.store.KeyStore;
import io.lexhub.store.Tx;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** API keys at the host: issue (printed once, stored hashed), list, revoke. Each issue and revocation is audited. */
@Command(name = "key", mixinStandardHelpOptions = true, description = "Issue, list and revoke API keys.",
        subcommands = {KeyCommand.Issue.class, KeyCommand.ListKeys.class, KeyCommand.Revoke.class})
final class KeyCommand {

    static final int DEFAULT_DAYS = 180;

    @Command(name = "issue", mixinStandardHelpOptions = true,
            description = "Issue a key; the key is printed once on standard output, only its hash is stored. Scopes: "
                    + "intake, usage, approver, desk, audit, admin, metrics (SECURITY.md says what each allows).")
    static final class Issue implements Callable<Integer> {
        @Option(names = "--owner", required = true, description = "an approver's id (approvers.yaml) or a system's name")
        String owner;
        @Option(names = "--scope", required = true, split = ",", description = "one or more scopes, comma-separated")
        java.util.List<String> scopes;
        @Option(names = "--label", description = "what the key is for (shown by key list)")
        String label;
        @Option(names = "--days", description = "days until it expires (default " + DEFAULT_DAYS + ")")
        Integer days;
        @Option(names = "--no-expiry", description = "never expires (only revocation ends it)")
        boolean noExpiry;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return withKeys(spec, keys -> {
                OffsetDateTime expires = noExpiry ? null : OffsetDateTime.now(ZoneOffset.UTC).plusDays(days == null ? DEFAULT_DAYS : days);
                ApiKeys.Issued k = keys.issue(owner, Scope.parse(String.join(",", scopes)), label, expires, operator());
                spec.commandLine().getOut().println(k.key());
                spec.commandLine().getErr().println("key " + k.keyId() + " for " + owner + " (" + String.join(",", scopes) + ")"
                        + (expires == null ? ", no expiry" : ", expires " + expires.toLocalDate()) + "; keep it secret, it is not shown again.");
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys: id, owner, scopes, label, created, expiry, state (never the keys).")
    static final class ListKeys implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return withKeys(spec, keys -> {
                PrintWriter out = spec.commandLine().getOut();
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                out.printf("%-20s %-24s %-28s %-10s %-10s %-8s %s%n", "KEY", "OWNER", "SCOPES", "CREATED", "EXPIRES", "STATE", "LABEL");
                for (var k : keys.list()) {
                    String state = k.revokedAt() != null ? "revoked" : k.expiresAt() != null && !k.expiresAt().isAfter(now) ? "expired" : "live";
                    out.printf("%-20s %-24s %-28s %-10s %-10s %-8s %s%n", k.keyId(), k.owner(), k.scopes(), day(k.createdAt()),
                            k.expiresAt() == null ? "never" : day(k.expiresAt()), state, k.label());
                }
                return 0;
            });
        }

        private static LocalDate day(OffsetDateTime t) {
            return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key at once (e.g. a leaver's). Exit 1 when there is no live key with that id.")
    static final class Revoke implements Callable<Integer> {
        @Parameters(paramLabel = "KEY_ID", description = "the key's id (ak_...), from key list")
        String keyId;
        @Option(names = "--reason", description = "why (recorded in the audit trail)")
        String reason;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return withKeys(spec, keys -> {
                if (!keys.revoke(keyId, operator(), reason)) {
                    spec.commandLine().getErr().println("no live key " + keyId);
                    return 1;
                }
                spec.commandLine().getErr().println("key " + keyId + " revoked");
                return 0;
            });
        }
    }

    /** The approver-key command of earlier versions: a key with the approver scope for an approver. */
    @Command(name = "approver-key", mixinStandardHelpOptions = true,
            description = "Issue an approver's API key (the same as key issue --owner ID --scope approver). Printed once; only its hash is stored.")
    static final class ApproverKey implements Callable<Integer> {
        @Parameters(paramLabel = "APPROVER_ID", description = "the approver's id in approvers.yaml")
        String approverId;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Issue issue = new Issue();
            issue.owner = approverId;
            issue.scopes = java.util.List.of("approver");
            issue.label = "approver key of " + approverId;
            issue.spec = spec;
            return issue.call();
        }
    }

    /** The operator at the host, as the audit trail names them. */
    static String operator() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }

    private static int withKeys(CommandSpec spec, Function<ApiKeys, Integer> work) {
        Settings settings = SettingsSource.load();
        // the hub's own database, never a new one: a key issued into another is answered 401 by the hub
        try (Database db = settings.openHubDatabase(2)) {
            ApproverDirectory directory = ApproverDirectory.load(settings.approversFile(), PolicyLoader.load(settings.policyFile()));
            AuditTrail audit = new AuditTrail(AuditKeys.existing(settings.auditHmacKey(), settings.home()), new AuditRowStore());
            return work.apply(new ApiKeys(new Tx(db.dataSource(), audit), new KeyStore(), audit, directory, Clock.systemUTC()));
        } catch (IllegalArgumentException | PolicyException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        } catch (IllegalStateException | io.lexhub.store.StoreException e) {
            spec.commandLine().getErr().println("cannot reach the hub's keys in " + settings.dbUrl() + ": " + e.getMessage());
            return 2;
        }
    }
}
