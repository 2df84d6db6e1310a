package io.countersign.trainer.data;

import java.util.List;

/** One writer's preprocessed images: genuine signatures and skilled forgeries of them. */
public record WriterImages(String writer, List<float[]> genuine, List<float[]> forgeries) {

    /** Keeps unmodifiable views. */
    public WriterImages {
        genuine = List.copyOf(genuine);
        forgeries = List.copyOf(forgeries);
    }
}
