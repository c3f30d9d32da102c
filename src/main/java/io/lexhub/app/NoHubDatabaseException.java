package io.lexhub.app;

/**
 * A command-line tool found no database of the hub where the settings point: it says which home
 * and database it looked at and how to point it at the hub's, rather than create an empty one.
 */
public final class NoHubDatabaseException extends IllegalStateException {

    public NoHubDatabaseException(Settings settings, String what) {
        super(what + ". Looked in lexhub.home " + settings.home() + " for the database " + settings.dbUrl().replaceAll("password=[^;&]*", "password=***")
                + ". The tools use the hub's own database and never create one: point them at it with -Dlexhub.home=DIR or"
                + " LEXHUB_HOME=DIR (the hub's home, which holds db/ and audit.key), or -Dlexhub.db.url=URL / LEXHUB_DB_URL"
                + " (and -Dlexhub.config.dir=DIR for another config folder).");
    }
}
