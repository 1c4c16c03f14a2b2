package io.recoverysync.contracts.kafka;

import io.recoverysync.contracts.ContractJson;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads a contract record from JSON; unknown fields are ignored, malformed JSON is a {@link SerializationException}. */
public abstract class ContractDeserializer<T> implements Deserializer<T> {
    private final Class<T> type;

    protected ContractDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return ContractJson.mapper().readValue(data, type);
        } catch (IOException e) {
            throw new SerializationException("malformed " + type.getSimpleName() + " on " + topic, e);
        }
    }
}
