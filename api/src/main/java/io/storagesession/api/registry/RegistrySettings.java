package io.storagesession.api.registry;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The registry's configuration, read from {@code signaling.registry} (see {@code reference.conf}).
 *
 * @param region       the region written into every ARN ({@code arn:aws:kinesisvideo:<region>:…})
 * @param accountId    the 12-digit account id written into every ARN, as AWS account ids are
 * @param maxChannels  how many signaling channels may exist; one more is refused with
 *                     {@code AccountChannelLimitExceededException}, the error KVS uses for its per-account quota
 * @param maxStreams   how many streams may exist; one more is refused with {@code AccountStreamLimitExceededException}
 * @param closeTimeout how long {@link Registry#close()} waits for writes already queued before it closes the database
 */
public record RegistrySettings(String region, String accountId, int maxChannels, int maxStreams, Duration closeTimeout) {
    /** The config path of this block. */
    public static final String PATH = "signaling.registry";

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]+");

    public RegistrySettings {
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException(PATH + ".region must be lower-case letters, digits and '-': " + region);
        }
        if (accountId == null || !ACCOUNT_ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException(PATH + ".account-id must be 12 digits, as AWS account ids are: " + accountId);
        }
        if (maxChannels < 1 || maxStreams < 1) {
            throw new IllegalArgumentException(PATH + ".max-channels and max-streams must be at least 1");
        }
        if (closeTimeout == null || closeTimeout.isNegative() || closeTimeout.isZero()) {
            throw new IllegalArgumentException(PATH + ".close-timeout must be positive");
        }
    }

    /** Reads the {@code signaling.registry} block of a resolved configuration. */
    public static RegistrySettings from(Config root) {
        Config c = root.getConfig(PATH);
        return new RegistrySettings(c.getString("region"), c.getString("account-id"), c.getInt("max-channels"),
                c.getInt("max-streams"), c.getDuration("close-timeout"));
    }
}
