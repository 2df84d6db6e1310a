package io.countersign.streams.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The profile files a stack under the service's work it does, or the Kafka call it waits in. */
class StreamThreadProfileTest {

    @Test
    void aParkInsideTheDynamicBatcherIsWaitingForTheModel() {
        assertThat(
                        StreamThreadProfile.phaseOf(
                                stack(
                                        "jdk.internal.misc.Unsafe.park",
                                        "java.util.concurrent.locks.ReentrantLock.lock",
                                        "io.countersign.streams.inference.DynamicBatcher.embed",
                                        "io.countersign.streams.verification.VerdictScorer.handle")))
                .isEqualTo("model_wait");
    }

    @Test
    void aModelRunInsideTheDynamicBatcherIsTheModel() {
        assertThat(
                        StreamThreadProfile.phaseOf(
                                stack(
                                        "ai.onnxruntime.OrtSession.run",
                                        "io.countersign.streams.inference.DynamicBatcher.runOnce",
                                        "io.countersign.streams.inference.DynamicBatcher.embed")))
                .isEqualTo("model");
    }

    @Test
    void inflateUnderImageIoIsDecoding() {
        assertThat(
                        StreamThreadProfile.phaseOf(
                                stack(
                                        "java.util.zip.Inflater.inflateBytesBytes",
                                        "java.io.DataInputStream.readFully",
                                        "com.sun.imageio.plugins.png.PNGImageReader.decodePass")))
                .isEqualTo("decode");
    }

    @Test
    void aWaitForTheTransactionCoordinatorIsTheCommitNotAProducerSend() {
        assertThat(
                        StreamThreadProfile.phaseOf(
                                stack(
                                        "java.util.concurrent.CountDownLatch.await",
                                        "org.apache.kafka.clients.producer.internals"
                                                + ".TransactionalRequestResult.await",
                                        "org.apache.kafka.clients.producer.KafkaProducer"
                                                + ".sendOffsetsToTransaction",
                                        "org.apache.kafka.streams.processor.internals"
                                                + ".StreamsProducer.commitTransaction",
                                        "org.apache.kafka.streams.processor.internals"
                                                + ".StreamThread.runOnce")))
                .isEqualTo("eos_commit");
    }

    @Test
    void aSelectUnderTheConsumerIsPolling() {
        assertThat(
                        StreamThreadProfile.phaseOf(
                                stack(
                                        "sun.nio.ch.EPoll.wait",
                                        "org.apache.kafka.common.network.Selector.select",
                                        "org.apache.kafka.clients.consumer.internals"
                                                + ".ConsumerNetworkClient.poll",
                                        "org.apache.kafka.streams.processor.internals"
                                                + ".StreamThread.pollRequests")))
                .isEqualTo("poll");
    }

    private static StackTraceElement[] stack(String... frames) {
        StackTraceElement[] stack = new StackTraceElement[frames.length];
        for (int i = 0; i < frames.length; i++) {
            int dot = frames[i].lastIndexOf('.');
            stack[i] =
                    new StackTraceElement(
                            frames[i].substring(0, dot), frames[i].substring(dot + 1), null, -1);
        }
        return stack;
    }
}
