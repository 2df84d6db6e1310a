package io.countersign.trainer.cli;

import io.countersign.datasets.synthetic.SynthCommand;
import io.countersign.trainer.data.HeapBudget;
import io.countersign.trainer.model.DjlRuntime;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code countersign} command line for model work: synth, train, evaluate, calibrate, ensemble,
 * export.
 */
@Command(
        name = "countersign",
        mixinStandardHelpOptions = true,
        description = "Train, evaluate and export SigNet signature-verification models.",
        subcommands = {
            SynthCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            ChannelsCommand.class,
            CalibrateCommand.class,
            EnsembleCommand.class,
            ExportCommand.class,
            OptimizeCommand.class,
            QuantizeCommand.class
        })
public final class TrainerCli implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (2 for a usage or input problem). */
    public static int execute(String... args) {
        // Before any DJL class loads: no network, ever.
        DjlRuntime.goOffline();
        System.setProperty("java.awt.headless", "true");
        CommandLine cli = new CommandLine(new TrainerCli());
        cli.setExecutionExceptionHandler(new CliErrors());
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            cli.getErr().println(HeapBudget.outOfMemory());
            return 1;
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
