package io.recoverysync.contracts.kafka;

import io.recoverysync.contracts.RunStarted;

/** Kafka deserializer for {@link RunStarted}. */
public class RunStartedDeserializer extends ContractDeserializer<RunStarted> {
    public RunStartedDeserializer() {
        super(RunStarted.class);
    }
}
