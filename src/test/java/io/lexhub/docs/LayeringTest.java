package io.lexhub.docs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/architecture.md ("The packages", "Which package may use which"), so it keeps
 * holding: the domain and workflow code is plain Java, Camel stays in the adapters (app, api, check,
 * bench), SQL statements stay in store (the benchmarks and migrations write their own), nothing reaches up into
 * the adapters or the command line, and no two top-level packages depend on each other, however
 * indirectly (issue 19.5).
 */
class LayeringTest {

    static final JavaClasses HUB = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.lexhub", "db.migration");

    static final String[] DOMAIN_AND_WORKFLOW = {"io.lexhub.model..", "io.lexhub.policy..", "io.lexhub.risk..", "io.lexhub.validation..",
        "io.lexhub.approval..", "io.lexhub.lifecycle..", "io.lexhub.intake..", "io.lexhub.notify..", "io.lexhub.jira..", "io.lexhub.audit..",
        "io.lexhub.store..", "io.lexhub.access..", "io.lexhub.pipeline..", "io.lexhub.insight..", "io.lexhub.events.."};

    @Test
    void theDomainAndTheWorkflowAreFreeOfCamel() {
        noClasses().that().resideInAnyPackage(DOMAIN_AND_WORKFLOW).should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..")
                .because("routes are thin and logic is plain Java (architecture rule 1): Camel types stay in app, api, check and bench")
                .check(HUB);
    }

    @Test
    void sqlStatementsStayInTheStore() {
        noClasses().that().resideOutsideOfPackages("io.lexhub.store..", "io.lexhub.bench..", "db.migration..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.sql.PreparedStatement")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.sql.Statement")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.sql.ResultSet")
                .because("every table is read and written by store/, the audit chain's too (store/AuditRowStore behind audit/AuditRows)")
                .check(HUB);
    }

    @Test
    void nothingReachesUpIntoTheAdaptersOrTheCommandLine() {
        // app and api are the Camel and HTTP adapters; cli, bench and check are tools beside the hub
        noClasses().that().resideInAnyPackage(DOMAIN_AND_WORKFLOW).should().dependOnClassesThat()
                .resideInAnyPackage("io.lexhub.app..", "io.lexhub.api..", "io.lexhub.cli..", "io.lexhub.bench..", "io.lexhub.check..")
                .because("the HTTP handlers, the command line, the benchmarks and the config checks use the domain, never the other way round")
                .check(HUB);
    }

    @Test
    void theTopLevelPackagesFormNoCycle() {
        // each package of docs/architecture.md's table is one slice: io.lexhub.pipeline.intake counts as pipeline
        slices().matching("io.lexhub.(*)..").should().beFreeOfCycles()
                .because("the packages are layers (docs/architecture.md, \"Which package may use which\"): a type both sides need moves down, "
                        + "or the lower package declares an interface the higher one implements (issue 19.5)")
                .check(HUB);
    }

    @Test
    void theWorkflowsUseCasePackagesFormNoCycle() {
        // channel -> intake -> approval; sweep, waiver, outbox and insight beside them; the refusals in pipeline itself
        slices().matching("io.lexhub.pipeline.(*)..").should().beFreeOfCycles()
                .because("pipeline/ is cut by use case (docs/architecture.md, \"The packages\"; issue 19.3)")
                .check(HUB);
    }
}
