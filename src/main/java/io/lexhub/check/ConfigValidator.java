package io.lexhub.check;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code lexhub validate}: runs every {@link Check} over a routes and a config folder. The policy
 * check runs before the cross-checks that need the policy; to add a rule, add a {@link Check}.
 */
public final class ConfigValidator {

    private static final List<Check> CHECKS = List.of(
            new RoutesCheck(), new PolicyCheck(), new ApproversCheck(), new TemplatesCheck(), new SchemaCheck(), new JiraCheck());

    private ConfigValidator() {}

    public static List<Problem> validate(Path routesDir, Path configDir) {
        Workspace w = new Workspace(routesDir, configDir);
        List<Problem> problems = new ArrayList<>();
        for (Check check : CHECKS) problems.addAll(check.run(w));
        return problems;
    }

    /** The route checks alone, as hot reload runs them before applying a changed route file. */
    public static List<Problem> validateRoutes(Path routesDir, Path configDir) {
        return new RoutesCheck().run(new Workspace(routesDir, configDir));
    }
}
