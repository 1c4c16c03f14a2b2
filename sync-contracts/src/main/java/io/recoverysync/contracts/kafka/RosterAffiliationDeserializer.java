package io.recoverysync.contracts.kafka;

import io.recoverysync.contracts.RosterAffiliation;

/** Kafka deserializer for {@link RosterAffiliation}. */
public class RosterAffiliationDeserializer extends ContractDeserializer<RosterAffiliation> {
    public RosterAffiliationDeserializer() {
        super(RosterAffiliation.class);
    }
}
