package io.countersign.streams.cli;

import io.countersign.streams.config.ConfigException;
import picocli.CommandLine;

/**
 * Turns start-up failures into the one line that says what to change, exit code 2, and keeps stack
 * traces for bugs.
 */
final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(
            Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult)
            throws Exception {
        if (e instanceof ConfigException
                || e instanceof IllegalStateException
                || e instanceof IllegalArgumentException) {
            commandLine.getErr().println("countersign: " + e.getMessage());
            return 2;
        }
        throw e;
    }
}
