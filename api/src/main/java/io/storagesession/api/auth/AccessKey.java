package io.storagesession.api.auth;

/** An access key the server accepts: its id, its secret and what it may do. */
public record AccessKey(String accessKeyId, String secretAccessKey, Policy policy) {
    public AccessKey {
        if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null || secretAccessKey.isBlank()) {
            throw new IllegalArgumentException("an access key needs an id and a secret");
        }
        if (policy == null) {
            policy = Policy.ALLOW_ALL;
        }
    }

    @Override
    public String toString() {
        return "AccessKey[" + accessKeyId + "]";
    }
}
