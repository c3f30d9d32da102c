package io.lexhub.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that loads the machine on purpose (crashes, an outage or a rolling restart under
 * load, two nodes racing, a benchmark), or uses a server outside the JVM that other classes use
 * too (the one Dovecot on loopback, whose mailbox two classes beside each other would read from
 * under each other): `mvn verify` runs these one after another in a test JVM of their own, after
 * the other classes have run in two JVMs side by side (pom.xml, surefire's executions).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(RunsAlone.TAG)
public @interface RunsAlone {
    String TAG = "alone";
}
