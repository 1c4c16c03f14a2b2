package io.recoverysync.ehr.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.recoverysync.contracts.ContractJson;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** SQL on {@code ehr.outbox}: messages written in the caller's transaction, published and deleted by the relay. */
@ApplicationScoped
public class OutboxRepository {

    /** A message to publish: topic, record key and the contract record (serialized with the shared JSON settings). */
    public record Message(String topic, String key, Object payload) {
    }

    /** A stored message; {@code payload} is the JSON text to publish. */
    public record Stored(long id, String topic, String key, String payload) {
    }

    public Uni<Void> add(SqlConnection tx, List<Message> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>(messages.size());
        for (Message m : messages) {
            batch.add(Tuple.of(m.topic(), m.key(), new JsonObject(json(m.payload()))));
        }
        return tx.preparedQuery("INSERT INTO ehr.outbox (topic, message_key, payload) VALUES ($1, $2, $3)")
                .executeBatch(batch)
                .replaceWithVoid();
    }

    /** The oldest unpublished messages, locked so that a second relay (another replica) skips them. */
    public Uni<List<Stored>> lockBatch(SqlConnection tx, int limit) {
        return tx.preparedQuery("""
                SELECT id, topic, message_key, payload::text AS payload FROM ehr.outbox
                ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED""")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<Stored> list = new ArrayList<>(rows.size());
                    rows.forEach(r -> list.add(new Stored(r.getLong("id"), r.getString("topic"),
                            r.getString("message_key"), r.getString("payload"))));
                    return list;
                });
    }

    public Uni<Void> delete(SqlConnection tx, List<Long> ids) {
        return tx.preparedQuery("DELETE FROM ehr.outbox WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .replaceWithVoid();
    }

    private static String json(Object payload) {
        try {
            return ContractJson.mapper().writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + payload.getClass().getSimpleName(), e);
        }
    }
}
