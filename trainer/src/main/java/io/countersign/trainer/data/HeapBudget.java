package io.countersign.trainer.data;

import java.util.Locale;

/**
 * Whether a dataset's preprocessed images fit in the JVM's heap, all held at once as {@link
 * ImageCache} holds them: said in one line before minutes of preprocessing, not by an
 * OutOfMemoryError half way (13 746 images of the corpora here need 1.9 GB, more than the 2 GB heap
 * a JVM takes by default on an 8 GB machine leaves them).
 */
public final class HeapBudget {

    /** Share of the heap the images may take: the rest is embeddings, views and the JVM's own. */
    static final double SHARE = 0.85;

    private static final double GIB = 1024.0 * 1024 * 1024;

    private HeapBudget() {}

    /** Checks {@code images} of {@code floatsPerImage} each against this JVM's maximum heap. */
    public static void require(int images, int floatsPerImage) {
        require(images, floatsPerImage, Runtime.getRuntime().maxMemory());
    }

    /**
     * @throws IllegalArgumentException when the images alone would take more than {@link #SHARE} of
     *     {@code maxHeap} bytes, with the heap to ask for
     */
    static void require(int images, int floatsPerImage, long maxHeap) {
        long need = (long) images * floatsPerImage * Float.BYTES;
        if (need > SHARE * maxHeap) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "%d images, preprocessed and held at once, need at least %.1f GB of"
                                    + " heap and the JVM has %.1f GB: run with"
                                    + " JAVA_OPTS=-Xmx%dg (room for a grey scan's second view"
                                    + " too), or on fewer writers (evaluate --max-writers; train"
                                    + " --train-writer-share, --skip-test)",
                            images,
                            need / GIB,
                            maxHeap / GIB,
                            suggestedGigabytes(need)));
        }
    }

    /** The one line for a heap that ran out anyway: how large it was, and what to ask for. */
    public static String outOfMemory() {
        long max = Runtime.getRuntime().maxMemory();
        return String.format(
                Locale.ROOT,
                "out of memory with a %.1f GB heap (every preprocessed image is held at once):"
                        + " run with a larger one, e.g. JAVA_OPTS=-Xmx%dg",
                max / GIB,
                (long) Math.ceil(2 * max / GIB));
    }

    /** Room for the images twice over (a grey scan's bitonal view) and the rest. */
    private static long suggestedGigabytes(long need) {
        return (long) Math.ceil(2 * need / GIB / SHARE);
    }
}
