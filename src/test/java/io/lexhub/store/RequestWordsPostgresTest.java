package io.lexhub.store;

import io.lexhub.support.FreshPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RequestWordsTest} on an embedded PostgreSQL (its words compared byte by byte, collation "C"). */
class RequestWordsPostgresTest extends RequestWordsTest {

    @RegisterExtension
    static final FreshPostgres PG = new FreshPostgres();

    @Override
    protected Database open() throws Exception {
        return PG.newDatabase("words");
    }
}
