package io.storagesession.webrtc.dtls;

import java.util.Arrays;
import java.util.Objects;

/**
 * SRTP master keys and salts exported from one DTLS association, oriented to this side: {@code local} protects what we
 * send, {@code remote} unprotects what the peer sends. Arrays are copied in and out so that nobody can change the keys
 * of a running session; {@link #toString()} never shows them.
 */
public record SrtpKeys(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt) {

    public SrtpKeys {
        Objects.requireNonNull(profile, "profile");
        localKey = checkedCopy(localKey, profile.keyLength(), "localKey");
        localSalt = checkedCopy(localSalt, profile.saltLength(), "localSalt");
        remoteKey = checkedCopy(remoteKey, profile.keyLength(), "remoteKey");
        remoteSalt = checkedCopy(remoteSalt, profile.saltLength(), "remoteSalt");
    }

    /**
     * Cuts the exporter output of RFC 5764 §4.2 — {@code client_write_key | server_write_key | client_write_salt |
     * server_write_salt} — into this side's keys.
     *
     * @param localIsClient whether this side was the DTLS client
     */
    public static SrtpKeys fromKeyingMaterial(SrtpProfile profile, byte[] material, boolean localIsClient) {
        int keyLength = profile.keyLength();
        int saltLength = profile.saltLength();
        if (material.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException("keying material is " + material.length + " bytes, "
                    + profile + " needs " + profile.keyingMaterialLength());
        }
        byte[] clientKey = Arrays.copyOfRange(material, 0, keyLength);
        byte[] serverKey = Arrays.copyOfRange(material, keyLength, 2 * keyLength);
        byte[] clientSalt = Arrays.copyOfRange(material, 2 * keyLength, 2 * keyLength + saltLength);
        byte[] serverSalt = Arrays.copyOfRange(material, 2 * keyLength + saltLength, material.length);
        return localIsClient
                ? new SrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt)
                : new SrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt);
    }

    @Override
    public byte[] localKey() {
        return localKey.clone();
    }

    @Override
    public byte[] localSalt() {
        return localSalt.clone();
    }

    @Override
    public byte[] remoteKey() {
        return remoteKey.clone();
    }

    @Override
    public byte[] remoteSalt() {
        return remoteSalt.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SrtpKeys that
                && profile == that.profile
                && Arrays.equals(localKey, that.localKey)
                && Arrays.equals(localSalt, that.localSalt)
                && Arrays.equals(remoteKey, that.remoteKey)
                && Arrays.equals(remoteSalt, that.remoteSalt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(profile, Arrays.hashCode(localKey), Arrays.hashCode(remoteKey));
    }

    @Override
    public String toString() {
        return "SrtpKeys[" + profile + "]";
    }

    private static byte[] checkedCopy(byte[] value, int expectedLength, String name) {
        Objects.requireNonNull(value, name);
        if (value.length != expectedLength) {
            throw new IllegalArgumentException(name + " is " + value.length + " bytes, expected " + expectedLength);
        }
        return value.clone();
    }
}
