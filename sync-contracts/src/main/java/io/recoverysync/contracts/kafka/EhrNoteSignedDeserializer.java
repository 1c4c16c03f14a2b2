package io.recoverysync.contracts.kafka;

import io.recoverysync.contracts.EhrNoteSigned;

/** Kafka deserializer for {@link EhrNoteSigned}. */
public class EhrNoteSignedDeserializer extends ContractDeserializer<EhrNoteSigned> {
    public EhrNoteSignedDeserializer() {
        super(EhrNoteSigned.class);
    }
}
