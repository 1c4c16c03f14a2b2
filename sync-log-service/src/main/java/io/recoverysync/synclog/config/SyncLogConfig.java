package io.recoverysync.synclog.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Tunables of the sync log service's REST read side. */
@ConfigMapping(prefix = "sync-log")
public interface SyncLogConfig {

    /** Limits of the list endpoints. */
    Api api();

    /** How many rows a list returns. */
    interface Api {
        /** Rows returned when the request names no {@code limit}. */
        @WithDefault("50")
        int defaultLimit();

        /** The largest {@code limit} a request may ask for; more is a 400. */
        @WithDefault("500")
        int maxLimit();
    }
}
