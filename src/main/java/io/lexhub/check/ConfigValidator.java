package io.lexhub.check;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code lexhub validate}: runs every {@link Check} over a routes and a config folder. The policy
 * check runs before the cross-checks that need the policy; to add a rule, add a {@link Check}.
 */
public final class ConfigValidator {

    private ConfigValidator() {}

    /** @param hub what the routes check needs of the hub (app/ValidationWiring.HUB) */
    public static List<Problem> validate(Path routesDir, Path configDir, HubWiring hub) {
        Workspace w = new Workspace(routesDir, configDir);
        List<Check> checks = List.of(new RoutesCheck(hub), new PolicyCheck(), new ApproversCheck(), new TemplatesCheck(), new SchemaCheck(), new JiraCheck(),
                new WebhooksCheck());
        List<Problem> problems = new ArrayList<>();
        for (Check check : checks) problems.addAll(check.run(w));
        return problems;
    }

    /** A policy file's problems as {@code lexhub validate} reports them, each with its line (a candidate for policy simulate). */
    public static List<Problem> policyProblems(Path file, io.lexhub.policy.PolicyException e) {
        return PolicyCheck.located(file, e);
    }

    /** The route checks alone, as hot reload runs them before applying a changed route file. */
    public static List<Problem> validateRoutes(Path routesDir, Path configDir, HubWiring hub) {
        return new RoutesCheck(hub).run(new Workspace(routesDir, configDir));
    }
}
