package io.lexhub.check;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the routes check must know of the hub whose routes it loads: the beans it binds, stand-ins
 * for the beans an endpoint refers to, and the property files it reads. app/ implements it
 * ({@code app/ValidationWiring}) and hands it to {@link ConfigValidator}: the hub's hot reload runs
 * these checks, so check sits below app and names nothing of it (issue 19.5).
 */
public interface HubWiring {

    /** Every bean the hub binds, by name, with the type it is bound as (app/HubConfiguration.BEANS). */
    Map<String, Class<?>> beans();

    /** A stand-in to bind under a bean's name so endpoints referring to it can be created, or null for none. */
    Object standIn(String name, Class<?> type);

    /** The property locations the hub reads, in order, for a config folder (app/PropertyFiles). */
    List<String> propertyLocations(Path configDir);
}
