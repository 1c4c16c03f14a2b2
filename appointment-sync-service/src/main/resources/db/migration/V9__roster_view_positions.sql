-- Where the roster view is in roster.affiliations: the next offset to read per partition, written in the same
-- transaction as the view's rows. On partition assignment the consumer seeks here (no row: to the beginning), so a
-- database restored from a backup or replaced by an empty one rebuilds its view from the topic by itself, whatever
-- offsets the consumer group has committed in Kafka.
CREATE TABLE roster_view_positions (
    topic        text        NOT NULL,
    partition    integer     NOT NULL,
    next_offset  bigint      NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, partition)
);
