package io.recoverysync.contracts.kafka;

import io.recoverysync.contracts.ClientLink;

/** Kafka deserializer for {@link ClientLink}. */
public class ClientLinkDeserializer extends ContractDeserializer<ClientLink> {
    public ClientLinkDeserializer() {
        super(ClientLink.class);
    }
}
