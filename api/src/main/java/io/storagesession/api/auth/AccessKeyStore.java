package io.storagesession.api.auth;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The access keys the server accepts, looked up by id. Immutable once built, so any thread may read it. */
public final class AccessKeyStore {
    private final Map<String, AccessKey> keys;

    public AccessKeyStore(Collection<AccessKey> keys) {
        Map<String, AccessKey> byId = new LinkedHashMap<>();
        for (AccessKey key : keys) {
            if (byId.put(key.accessKeyId(), key) != null) {
                throw new IllegalArgumentException("access key " + key.accessKeyId() + " is configured twice");
            }
        }
        this.keys = Map.copyOf(byId);
    }

    public Optional<AccessKey> find(String accessKeyId) {
        return Optional.ofNullable(keys.get(accessKeyId));
    }

    public Collection<AccessKey> all() {
        return keys.values();
    }
}
