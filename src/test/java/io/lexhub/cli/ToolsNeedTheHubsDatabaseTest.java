package io.lexhub.cli;

import static io.lexhub.support.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.store.Database;
import io.lexhub.store.EmbeddedH2;
import io.lexhub.support.Cli.Run;
import io.lexhub.support.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The command-line tools work on the database the hub made: pointed at a home without one they
 * create nothing (no folder, database, audit.key or db.password), say where they looked and how
 * to point them elsewhere, and exit 2; a database the hub has not migrated to this version is
 * refused, not migrated.
 */
class ToolsNeedTheHubsDatabaseTest {

    private static final List<List<String>> TOOLS = List.of(
            List.of("audit", "verify"),
            List.of("audit", "export", "--out", "/tmp/never-written.json"),
            List.of("quarantine", "list"),
            List.of("key", "issue", "--owner", "alice.moreau", "--scope", "approver"),
            List.of("approver-key", "alice.moreau"),
            List.of("key", "list"),
            List.of("sweep", "expiry", "--dry-run"));

    @AfterEach
    void clear() {
        System.clearProperty("lexhub.home");
        System.clearProperty("lexhub.audit.hmac-key");
    }

    @Test
    void noHomeIsCreatedAndTheToolSaysWhereItLooked() throws Exception {
        Path home = Files.createTempDirectory("lexhub-nohome-").resolve("lexhub-home");
        System.setProperty("lexhub.home", home.toString());
        for (List<String> tool : TOOLS) {
            Run r = run(tool.toArray(String[]::new));
            assertThat(r.exit()).as(tool + ": " + r.out()).isEqualTo(2);
            assertThat(r.out()).as(tool.toString()).contains("there is no database " + home.resolve("db").resolve("lexhub.mv.db"))
                    .contains("lexhub.home " + home).contains("-Dlexhub.home=DIR").contains("LEXHUB_HOME").contains("lexhub.db.url")
                    .doesNotContain("issued").doesNotContain("lxk_");
            assertThat(home).as(tool + " created the home").doesNotExist();
        }
    }

    @Test
    void anExistingHomeWithoutADatabaseGetsNoDatabaseNorKeys() throws Exception {
        Path home = Files.createTempDirectory("lexhub-emptyhome-");
        System.setProperty("lexhub.home", home.toString());
        for (List<String> tool : TOOLS) {
            Run r = run(tool.toArray(String[]::new));
            assertThat(r.exit()).as(tool + ": " + r.out()).isEqualTo(2);
            try (var files = Files.list(home)) {
                assertThat(files.toList()).as(tool + " left files in the home").isEmpty();
            }
        }
    }

    @Test
    void aDatabaseBehindThisVersionIsRefusedAndNotMigrated() throws Exception {
        Path home = Files.createTempDirectory("lexhub-oldschema-");
        System.setProperty("lexhub.home", home.toString());
        System.setProperty("lexhub.audit.hmac-key", "old-schema-test-key-0123456789");
        String url = "jdbc:h2:file:" + home.resolve("db/lexhub");
        try (Database db = Database.open(url, "lexhub", EmbeddedH2.generatedPassword(home), 2)) {
            // an older hub's database: migrated up to version 5 only
            Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration", "classpath:db/vendor/h2").target("5").load().migrate();
            Sql sql = new Sql(db);
            String before = sql.strings("SELECT MAX(CAST(\"version\" AS INT)) FROM \"flyway_schema_history\"").get(0);
            for (List<String> tool : List.of(List.of("audit", "verify"), List.of("key", "issue", "--owner", "alice.moreau", "--scope", "approver"),
                    List.of("quarantine", "list"), List.of("sweep", "sla"))) {
                Run r = run(tool.toArray(String[]::new));
                assertThat(r.exit()).as(tool + ": " + r.out()).isEqualTo(2);
                assertThat(r.out()).as(tool.toString()).contains("its schema is at version 5, behind this lexhub's")
                        .contains("start the hub of this version once");
            }
            assertThat(sql.strings("SELECT MAX(CAST(\"version\" AS INT)) FROM \"flyway_schema_history\"")).containsExactly(before);
        }
    }

    @Test
    void helpIsACommandAndRunHasHelp() {
        Run help = run("help");
        assertThat(help.exit()).as(help.out()).isZero();
        assertThat(help.out()).contains("audit").contains("sweep").contains("quarantine");
        Run runHelp = run("run", "--help");
        assertThat(runHelp.exit()).as(runHelp.out()).isZero();
        assertThat(runHelp.out()).contains("Run the hub");
        Run sweepHelp = run("help", "sweep");
        assertThat(sweepHelp.exit()).as(sweepHelp.out()).isZero();
        assertThat(sweepHelp.out()).contains("--dry-run").contains("--at");
    }
}
