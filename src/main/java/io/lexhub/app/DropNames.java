package io.lexhub.app;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Filter of the drop folder consumer. Camel's file component reads a backslash in a file name as
 * a path separator, so a file named {@code a..\..\evil.json} could never be taken (its lock and
 * archive paths would point elsewhere) and stayed in the inbox for ever. Such a file is renamed in
 * place, each backslash becoming an underscore, and skipped this time; the next poll takes it
 * under its safe name like any other drop.
 */
public final class DropNames implements GenericFileFilter<File> {

    private static final Logger LOG = LoggerFactory.getLogger("lexhub.intake");

    @Override
    public boolean accept(GenericFile<File> file) {
        File f = file.getFile();
        if (f == null || f.isDirectory() || f.getName().indexOf('\\') < 0) return true;
        Path from = f.toPath();
        String safe = f.getName().replace('\\', '_');
        Path to = from.resolveSibling(safe);
        for (int i = 1; Files.exists(to, java.nio.file.LinkOption.NOFOLLOW_LINKS); i++) to = from.resolveSibling(i + "-" + safe);
        try {
            Files.move(from, to);
            LOG.warn("file:{} has a backslash in its name; renamed to {} before intake", f.getName(), to.getFileName());
        } catch (IOException e) {
            LOG.warn("file:{} has a backslash in its name and could not be renamed: {}", f.getName(), e.toString());
        }
        return false;
    }
}
