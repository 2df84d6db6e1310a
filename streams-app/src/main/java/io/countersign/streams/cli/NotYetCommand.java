package io.countersign.streams.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Commands the README announces that this build does not have yet: they say so, exit 3. */
abstract class NotYetCommand implements Callable<Integer> {

    @Parameters(hidden = true)
    java.util.List<String> ignored;

    @Override
    public Integer call() {
        System.err.println(
                "countersign: this command is not available yet in this build;"
                        + " see the README for what is");
        return 3;
    }

    @Command(name = "bench", description = "Measure embedder and pipeline (not available yet).")
    static final class Bench extends NotYetCommand {}
}
