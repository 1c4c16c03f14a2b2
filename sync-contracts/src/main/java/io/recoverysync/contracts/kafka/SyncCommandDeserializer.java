package io.recoverysync.contracts.kafka;

import io.recoverysync.contracts.SyncCommand;

/** Kafka deserializer for {@link SyncCommand}. */
public class SyncCommandDeserializer extends ContractDeserializer<SyncCommand> {
    public SyncCommandDeserializer() {
        super(SyncCommand.class);
    }
}
