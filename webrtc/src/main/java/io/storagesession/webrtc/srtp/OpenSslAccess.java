package io.storagesession.webrtc.srtp;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.security.Key;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import org.jitsi.srtp.crypto.JitsiOpenSslProvider;
import org.jitsi.srtp.crypto.OpenSslAesCipherSpi;
import org.jitsi.srtp.crypto.OpenSslAesCtrCipherSpi;
import org.jitsi.srtp.crypto.OpenSslAesGcmCipherSpi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenSSL's AES (AES-NI, pipelined CTR and GCM) through the JNI bindings that jitsi-srtp ships for its JCA provider,
 * reached below the JCA layer. Going through {@code Cipher.init} costs a fresh parameter spec and a copy of the IV on
 * every packet — the only garbage left on the media path — so this class keeps one IV array per cipher context, hands
 * it to the context once, rewrites its bytes per packet and re-initialises the context with the same key object,
 * which jitsi-srtp turns into {@code EVP_CipherInit(ctx, NULL, NULL, iv, enc)}: no key schedule, no allocation.
 *
 * <p>This reaches protected and private members of jitsi-srtp's SPI classes (they live in the unnamed module, like
 * ours, so a private lookup is allowed without any JVM flag). Everything is resolved once here; if any of it is
 * missing — a different jitsi-srtp version, or natives that did not load on this platform — {@link #available()} is
 * false and the JDK's own AES is used instead ({@link JdkAesCtr}, {@link JdkAesGcm}): correct, a little slower, with
 * garbage per packet. The jitsi-srtp version is pinned in the parent POM.
 */
final class OpenSslAccess {
    private static final Logger LOG = LoggerFactory.getLogger(OpenSslAccess.class);
    static final MethodHandle ENGINE_INIT;
    static final MethodHandle REINIT;
    static final MethodHandle UPDATE;
    static final MethodHandle GCM_FINAL;
    static final MethodHandle GCM_SET_TAG;
    static final MethodHandle GCM_GET_TAG;
    static final VarHandle IV;
    static final VarHandle CONTEXT;
    static final VarHandle POINTER;
    private static final boolean AVAILABLE;

    static {
        MethodHandle engineInit = null;
        MethodHandle reinit = null;
        MethodHandle update = null;
        MethodHandle gcmFinal = null;
        MethodHandle gcmSetTag = null;
        MethodHandle gcmGetTag = null;
        VarHandle iv = null;
        VarHandle context = null;
        VarHandle pointer = null;
        boolean available = false;
        try {
            if (JitsiOpenSslProvider.isLoaded()) {
                MethodHandles.Lookup base = MethodHandles.privateLookupIn(OpenSslAesCipherSpi.class,
                        MethodHandles.lookup());
                MethodHandles.Lookup gcm = MethodHandles.privateLookupIn(OpenSslAesGcmCipherSpi.class,
                        MethodHandles.lookup());
                engineInit = base.findVirtual(OpenSslAesCipherSpi.class, "engineInit",
                        MethodType.methodType(void.class, int.class, Key.class, AlgorithmParameterSpec.class,
                                SecureRandom.class));
                reinit = base.findVirtual(OpenSslAesCipherSpi.class, "doEngineInit",
                        MethodType.methodType(void.class, int.class, Key.class));
                update = base.findVirtual(OpenSslAesCipherSpi.class, "doCipherUpdate",
                        MethodType.methodType(void.class, byte[].class, int.class, int.class, byte[].class,
                                int.class));
                gcmFinal = gcm.findVirtual(OpenSslAesGcmCipherSpi.class, "EVP_CipherFinal",
                        MethodType.methodType(boolean.class, long.class, byte[].class, int.class));
                gcmSetTag = gcm.findVirtual(OpenSslAesGcmCipherSpi.class, "CipherSetTag",
                        MethodType.methodType(boolean.class, long.class, byte[].class, int.class, int.class));
                gcmGetTag = gcm.findVirtual(OpenSslAesGcmCipherSpi.class, "CipherGetTag",
                        MethodType.methodType(boolean.class, long.class, byte[].class, int.class, int.class));
                iv = base.findVarHandle(OpenSslAesCipherSpi.class, "iv", byte[].class);
                Class<?> cleanable = Class.forName(OpenSslAesCipherSpi.class.getName()
                        + "$OpenSslAesCipherSpiCleanable");
                context = base.findVarHandle(OpenSslAesCipherSpi.class, "ctx", cleanable);
                pointer = MethodHandles.privateLookupIn(cleanable, MethodHandles.lookup())
                        .findVarHandle(cleanable, "ptr", long.class);
                available = true;
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            LOG.warn("OpenSSL AES through jitsi-srtp is not usable ({}); SRTP uses the JDK's AES", e.toString());
        }
        ENGINE_INIT = engineInit;
        REINIT = reinit;
        UPDATE = update;
        GCM_FINAL = gcmFinal;
        GCM_SET_TAG = gcmSetTag;
        GCM_GET_TAG = gcmGetTag;
        IV = iv;
        CONTEXT = context;
        POINTER = pointer;
        AVAILABLE = available;
    }

    private OpenSslAccess() {
    }

    /** Whether jitsi-srtp's natives loaded and every member this class needs was found. */
    static boolean available() {
        return AVAILABLE;
    }

    /** A fresh CTR context (requires {@link #available()}). */
    static OpenSslAesCipherSpi newCtr() {
        return new OpenSslAesCtrCipherSpi();
    }

    /** A fresh GCM context (requires {@link #available()}). */
    static OpenSslAesGcmCipherSpi newGcm() {
        return new OpenSslAesGcmCipherSpi();
    }

    /** The native {@code EVP_CIPHER_CTX*} behind a context: fixed from construction until {@code close()}. */
    static long pointer(OpenSslAesCipherSpi spi) {
        return (long) POINTER.get(CONTEXT.get(spi));
    }

    /** Turns what a method handle threw into an unchecked exception; OpenSSL failing here is a bug, not input. */
    static IllegalStateException failure(String what, Throwable t) {
        if (t instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("OpenSSL " + what + " failed", t);
    }
}
