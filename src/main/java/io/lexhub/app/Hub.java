package io.lexhub.app;

import java.nio.file.Path;
import org.apache.camel.main.Main;

/** Starts the hub: camel-main with the YAML routes of routes/ and the settings of config/. */
public final class Hub {

    private Hub() {}

    public static int run(Path configDir) throws Exception {
        LogFormat.use(LogFormat.fromEnvironment());
        Main main = new Main();
        main.setPropertyPlaceholderLocations(String.join(",", PropertyFiles.locations(configDir)));
        main.configure().addConfiguration(HubConfiguration.class);
        main.run();
        return main.getExitCode();
    }
}
