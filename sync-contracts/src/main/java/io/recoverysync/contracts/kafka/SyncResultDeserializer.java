package io.recoverysync.contracts.kafka;

import io.recoverysync.contracts.SyncResult;

/** Kafka deserializer for {@link SyncResult}. */
public class SyncResultDeserializer extends ContractDeserializer<SyncResult> {
    public SyncResultDeserializer() {
        super(SyncResult.class);
    }
}
