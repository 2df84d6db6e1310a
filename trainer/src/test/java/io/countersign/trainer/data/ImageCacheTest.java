package io.countersign.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.datasets.DatasetSpec;
import io.countersign.datasets.SignatureDataset;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageCacheTest {

    private static final SignatureDataset DATA =
            DatasetSpec.load("synthetic:writers=3,genuine=3,forgeries=1,seed=5");

    @Test
    void anUnreadableImageIsSkippedAndTheRestKept() throws InterruptedException {
        String unreadable = DATA.genuine(DATA.writers().get(0)).get(0).path().toString();

        List<WriterImages> images =
                ImageCache.load(
                        DATA,
                        sample -> {
                            if (sample.path().toString().equals(unreadable)) {
                                throw new IOException("corrupt");
                            }
                            return new float[] {1};
                        },
                        2);

        assertThat(images.stream().mapToInt(w -> w.genuine().size() + w.forgeries().size()).sum())
                .isEqualTo(DATA.samples().size() - 1);
    }

    @Test
    void aHeapThatRunsOutStopsTheLoadInsteadOfSkippingTheImage() {
        // An OutOfMemoryError is the JVM's, not the image's: measuring on whatever fitted would
        // print a table over fewer signatures than the dataset has, with no error
        assertThatThrownBy(
                        () ->
                                ImageCache.load(
                                        DATA,
                                        sample -> {
                                            throw new OutOfMemoryError("Java heap space");
                                        },
                                        2))
                .isInstanceOf(OutOfMemoryError.class);
    }
}
