package io.countersign.streams.topology;

import io.countersign.core.model.ModelCard;

/** Model cards for the tests: the same model released under another version. */
final class Cards {

    private Cards() {}

    static ModelCard withVersion(ModelCard card, String version) {
        return new ModelCard(
                version,
                card.architecture(),
                card.inputName(),
                card.outputName(),
                card.inputHeight(),
                card.inputWidth(),
                card.mean(),
                card.std(),
                card.embeddingSize(),
                card.thresholds(),
                card.calibration(),
                card.training(),
                card.metrics());
    }
}
