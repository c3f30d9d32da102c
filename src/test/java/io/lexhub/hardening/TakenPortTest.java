package io.lexhub.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.support.ChildHub;
import io.lexhub.support.TestHub;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub whose HTTP port another process holds does not start. Camel's platform-http only logged the
 * failed bind and the hub ran on without its HTTP server (exit 0 under systemd, healthy to a process
 * check) while whatever held the port answered its users: a test's mail server once did.
 */
class TakenPortTest {

    @Test
    void aHubWhosePortIsTakenStopsSayingWhichPortAndExitsWithAnError(@TempDir Path home) throws Exception {
        int port = TestHub.freePort();
        try (ServerSocket holder = new ServerSocket()) {
            holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            Path log = home.resolve("hub.log");
            Process hub = ChildHub.launch("io.lexhub.cli.Lexhub", "512m",
                    List.of("lexhub.home=" + home, "lexhub.http.port=" + port, "lexhub.reload.enabled=false"), log);
            // a bound on a hung start, not a measured time: a hub exits within seconds
            boolean exited = hub.waitFor(3, TimeUnit.MINUTES);
            if (!exited) hub.destroyForcibly();
            assertThat(exited).as("the hub exits").isTrue();
            assertThat(hub.exitValue()).isNotZero();
            assertThat(Files.readString(log)).contains("the hub cannot listen on 127.0.0.1:" + port + " (lexhub.http.host, lexhub.http.port): Address already in use");
        }
    }
}
