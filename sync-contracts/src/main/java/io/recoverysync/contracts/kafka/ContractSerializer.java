package io.recoverysync.contracts.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.recoverysync.contracts.ContractJson;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/** Writes any contract record as JSON with the shared settings. */
public class ContractSerializer implements Serializer<Object> {
    @Override
    public byte[] serialize(String topic, Object data) {
        if (data == null) {
            return null;
        }
        try {
            return ContractJson.mapper().writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new SerializationException("cannot write " + data.getClass().getSimpleName(), e);
        }
    }
}
