package io.lexhub.check;

import io.lexhub.policy.Policy;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the checks look at: the routes folder, the config folder, and the policy once it has been
 * read (so cross-checks can use it without reading it again).
 */
public final class Workspace {

    private final Path routesDir;
    private final Path configDir;
    private Policy policy;

    public Workspace(Path routesDir, Path configDir) {
        this.routesDir = routesDir;
        this.configDir = configDir;
    }

    public Path routesDir() {
        return routesDir;
    }

    public Path configDir() {
        return configDir;
    }

    public Path config(String name) {
        return configDir.resolve(name);
    }

    /** The policy, when {@link PolicyCheck} accepted it. */
    public Optional<Policy> policy() {
        return Optional.ofNullable(policy);
    }

    void policy(Policy accepted) {
        this.policy = accepted;
    }
}
