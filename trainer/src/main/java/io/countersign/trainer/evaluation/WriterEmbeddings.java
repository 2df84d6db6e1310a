package io.countersign.trainer.evaluation;

import java.util.List;

/** One writer's embeddings: of its genuine signatures and of the skilled forgeries of them. */
public record WriterEmbeddings(String writer, List<float[]> genuine, List<float[]> forgeries) {

    /** Keeps unmodifiable views. */
    public WriterEmbeddings {
        genuine = List.copyOf(genuine);
        forgeries = List.copyOf(forgeries);
    }
}
