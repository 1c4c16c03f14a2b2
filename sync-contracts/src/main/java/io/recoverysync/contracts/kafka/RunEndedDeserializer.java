package io.recoverysync.contracts.kafka;

import io.recoverysync.contracts.RunEnded;

/** Kafka deserializer for {@link RunEnded}. */
public class RunEndedDeserializer extends ContractDeserializer<RunEnded> {
    public RunEndedDeserializer() {
        super(RunEnded.class);
    }
}
