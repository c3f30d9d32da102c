package io.lexhub.app;

import io.lexhub.check.HubWiring;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;

/** This hub as {@code lexhub validate} and the hot reload's route check see it (check/HubWiring). */
public final class ValidationWiring implements HubWiring {

    public static final ValidationWiring HUB = new ValidationWiring();

    private ValidationWiring() {}

    @Override
    public Map<String, Class<?>> beans() {
        return HubConfiguration.BEANS;
    }

    /** Endpoints refer to hub beans (#fileClaims, #mailboxWatch, #mailTrust): stand-ins of the same kind let them be created. */
    @Override
    public Object standIn(String name, Class<?> type) {
        if (IdempotentRepository.class.isAssignableFrom(type)) return MemoryIdempotentRepository.memoryIdempotentRepository();
        if (type == MailboxWatch.class) return new MailboxWatch(Clock.systemUTC(), new IntakeErrors(Clock.systemUTC()));
        if (type == SSLContextParameters.class) return new SSLContextParameters();
        return null;
    }

    @Override
    public List<String> propertyLocations(Path configDir) {
        return PropertyFiles.locations(configDir);
    }
}
