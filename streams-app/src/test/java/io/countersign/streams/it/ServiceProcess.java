package io.countersign.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.streams.cli.ServiceCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * {@code countersign serve --config FILE} as operators run it: a child JVM, its output in a log.
 */
final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ServiceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code serve} and returns once it says it is running. */
    static ServiceProcess start(Path config, Path log) throws Exception {
        Process process =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx1g",
                                "-cp",
                                System.getProperty("java.class.path"),
                                ServiceCli.class.getName(),
                                "serve",
                                "--config",
                                config.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        ServiceProcess service = new ServiceProcess(process, log);
        Instant deadline = Instant.now().plusSeconds(120);
        while (!service.log().contains("Countersign is running")) {
            assertThat(process.isAlive()).as("service alive; its log:%n%s", service.log()).isTrue();
            assertThat(Instant.now()).as("service started in time").isBefore(deadline);
            Thread.sleep(200);
        }
        return service;
    }

    /** What the service printed so far. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    /** Sends SIGTERM, as an orchestrator stopping a pod does, and waits for the exit status. */
    int terminate() throws InterruptedException {
        process.destroy();
        return process.waitFor();
    }

    /** SIGKILL: the crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Sends a signal by name (STOP freezes the JVM as a long pause would, CONT resumes it). */
    void signal(String name) throws IOException, InterruptedException {
        int exit =
                new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                        .start()
                        .waitFor();
        assertThat(exit).as("kill -" + name).isZero();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            signal("CONT"); // a stopped JVM would never act on the SIGTERM
            terminate();
        }
    }
}
