package io.countersign.streams.verification;

import io.countersign.events.Verdict;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Passes the verdicts of a scored batch on to the verdicts topic; refusals go the other way. */
public final class VerdictOutput implements Processor<String, RequestOutcome, String, Verdict> {

    private ProcessorContext<String, Verdict> context;

    @Override
    public void init(ProcessorContext<String, Verdict> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, RequestOutcome> record) {
        if (record.value() instanceof RequestOutcome.Answered answered) {
            context.forward(record.withValue(answered.verdict()));
        }
    }
}
