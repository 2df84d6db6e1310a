package io.countersign.trainer.cli;

import io.countersign.datasets.DatasetException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one line for people: problems with the input (dataset, checkpoint, model
 * directory, option values) exit with 2, anything else with 1; the stack trace goes to the debug
 * log only.
 */
final class CliErrors implements IExecutionExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(CliErrors.class);

    /** Exit code for a problem the user can fix by changing the command. */
    static final int USAGE = 2;

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        log.debug("command failed", e);
        Throwable cause = e;
        if (e instanceof UncheckedIOException u) {
            cause = u.getCause();
        }
        String name = cli.getCommandName();
        if (cause instanceof DatasetException
                || cause instanceof IllegalArgumentException
                || cause instanceof NoSuchFileException) {
            String message =
                    cause instanceof NoSuchFileException n
                            ? "no such file: " + n.getFile()
                            : cause.getMessage();
            cli.getErr().println(name + ": " + message);
            return USAGE;
        }
        if (cause instanceof IOException) {
            cli.getErr().println(name + ": " + cause.getMessage());
            return USAGE;
        }
        cli.getErr().println(name + ": failed: " + cause);
        return 1;
    }
}
