package io.lexhub.pipeline.organisation;

import io.lexhub.store.Database;
import io.lexhub.support.FreshPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ConfirmationRaceTest} on an embedded PostgreSQL, where the two confirmations deadlocked. */
class ConfirmationRacePostgresTest extends ConfirmationRaceTest {

    @RegisterExtension
    static final FreshPostgres PG = new FreshPostgres();

    @Override
    protected Database open() throws Exception {
        return PG.newDatabase("race");
    }
}
