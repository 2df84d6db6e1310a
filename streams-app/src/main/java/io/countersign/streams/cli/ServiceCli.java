package io.countersign.streams.cli;

import io.countersign.streams.demo.BenchCommand;
import io.countersign.streams.demo.DemoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The service side of {@code ./countersign}: serve, demo and the tools around the topics. */
@Command(
        name = "countersign",
        mixinStandardHelpOptions = true,
        description = "Streaming verification of handwritten signatures on Kafka.",
        subcommands = {
            ServeCommand.class,
            DemoCommand.class,
            EnrollCommand.class,
            SubmitCommand.class,
            ReplayDlqCommand.class,
            BenchCommand.class
        })
public final class ServiceCli implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the error handling every subcommand shares. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ServiceCli());
        cli.setExecutionExceptionHandler(new OneLineErrors());
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
