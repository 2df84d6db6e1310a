package io.countersign.streams.testing;

import io.countersign.core.model.ModelCard;

/** Model cards for the tests: the same model released under another version or input size. */
public final class Cards {

    private Cards() {}

    public static ModelCard withVersion(ModelCard card, String version) {
        return copy(card, version, card.inputHeight(), card.inputWidth());
    }

    /** A card that no longer matches its ONNX file's input. */
    public static ModelCard withInput(ModelCard card, int height, int width) {
        return copy(card, card.version(), height, width);
    }

    private static ModelCard copy(ModelCard card, String version, int height, int width) {
        return new ModelCard(
                version,
                card.architecture(),
                card.inputName(),
                card.outputName(),
                height,
                width,
                card.mean(),
                card.std(),
                card.embeddingSize(),
                card.thresholds(),
                card.calibration(),
                card.scoring(),
                card.training(),
                card.metrics());
    }
}
