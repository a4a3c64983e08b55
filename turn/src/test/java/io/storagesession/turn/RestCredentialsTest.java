package io.storagesession.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The TURN REST API scheme against a value computed outside the JVM, so the scheme is checked, not repeated. */
class RestCredentialsTest {

    @Test
    void usernameCarriesTheExpiryAndThePasswordIsTheBase64HmacSha1OfIt() {
        // printf '%s' '1700000000:cam:viewer-7' | openssl dgst -sha1 -hmac 's3cret' -binary | base64
        RestCredentials c = RestCredentials.issue("s3cret", "cam:viewer-7", Instant.ofEpochSecond(1_700_000_000L));
        assertThat(c.username()).isEqualTo("1700000000:cam:viewer-7");
        assertThat(c.password()).isEqualTo("jg0XhFLHNdthJTXSBklA3Brodck=");
        assertThat(RestCredentials.passwordFor("s3cret", c.username())).isEqualTo(c.password());
    }

    @Test
    void readsTheExpiryAndTheChannelBackOutOfTheUsername() {
        assertThat(RestCredentials.expiryOf("1700000000:cam:viewer-7")).hasValue(1_700_000_000L);
        assertThat(RestCredentials.expiryOf("alice")).isEmpty();
        assertThat(RestCredentials.expiryOf("soon:alice")).isEmpty();
        assertThat(RestCredentials.channelOf("1700000000:cam:viewer-7")).isEqualTo("cam");
        assertThat(RestCredentials.channelOf("1700000000:alice")).isEqualTo("alice");
    }
}
