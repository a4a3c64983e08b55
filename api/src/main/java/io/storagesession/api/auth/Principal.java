package io.storagesession.api.auth;

/** Who signed a request, and for which region, once its SigV4 signature has been verified. */
public record Principal(AccessKey key, String region) {
    public boolean allows(String action, String resourceArn) {
        return key.policy().allows(action, resourceArn);
    }
}
