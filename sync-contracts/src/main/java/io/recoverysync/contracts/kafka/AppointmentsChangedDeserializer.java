package io.recoverysync.contracts.kafka;

import io.recoverysync.contracts.AppointmentsChanged;

/** Kafka deserializer for {@link AppointmentsChanged}. */
public class AppointmentsChangedDeserializer extends ContractDeserializer<AppointmentsChanged> {
    public AppointmentsChangedDeserializer() {
        super(AppointmentsChanged.class);
    }
}
