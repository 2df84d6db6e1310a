package io.countersign.streams.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Apicurio Registry (in-memory storage) in a process of its own on loopback, built by the
 * test-registry module: the Confluent-compatible API the service uses, and the native API that
 * Apicurio's own serdes use. {@link #pause()} stops the process (SIGSTOP): connections are still
 * accepted by the kernel but never answered, as with a hung or partitioned registry.
 */
final class ApicurioRegistry implements AutoCloseable {

    private static final String JAR_PROPERTY = "countersign.test-registry.jar";

    private final Process process;
    private final int port;

    private ApicurioRegistry(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ApicurioRegistry start(Path log) throws IOException, InterruptedException {
        String jar = System.getProperty(JAR_PROPERTY);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException(
                    "no test registry at "
                            + jar
                            + ": build it with mvn -pl test-registry package (mvn verify does)");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process =
                new ProcessBuilder(
                                List.of(
                                        java.toString(),
                                        "-Xmx256m",
                                        "-XX:TieredStopAtLevel=1",
                                        "-Dquarkus.http.host=127.0.0.1",
                                        "-Dquarkus.http.port=" + port,
                                        "-jar",
                                        jar))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        ApicurioRegistry registry = new ApicurioRegistry(process, port);
        registry.awaitUp(Duration.ofSeconds(60));
        return registry;
    }

    /** The Confluent-compatible API: what schema.registry.url points at. */
    String ccompatUrl() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    /** Apicurio's native API: what its serdes' apicurio.registry.url points at. */
    String nativeUrl() {
        return "http://127.0.0.1:" + port + "/apis/registry/v2";
    }

    /** Stops the process without ending it: the registry hangs. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    @Override
    public void close() throws InterruptedException {
        try {
            resume();
        } catch (IOException e) {
            // already gone
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private void signal(String name) throws IOException, InterruptedException {
        int rc =
                new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                        .start()
                        .waitFor();
        if (rc != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " exited " + rc);
        }
    }

    private void awaitUp(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the test registry exited " + process.exitValue());
            }
            try {
                HttpResponse<String> answer =
                        http.send(
                                HttpRequest.newBuilder(URI.create(ccompatUrl() + "/subjects"))
                                        .timeout(Duration.ofSeconds(2))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the test registry did not start within " + timeout);
    }
}
