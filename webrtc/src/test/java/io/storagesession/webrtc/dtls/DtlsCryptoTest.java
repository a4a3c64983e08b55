package io.storagesession.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.Test;

/** The DTLS record layer's AES-GCM keeps no per-key multiplication table, and still seals and opens records. */
class DtlsCryptoTest {
    private static final int KEY_BYTES = 16;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Bouncy Castle's default 4 KiB table costs ~10 KiB of heap per key; without it a keyed GCM stays small. */
    private static final long LEAN_BYTES = 3 * 1024;

    private static final class Exposed extends BcTlsCrypto {
        private final BcTlsCrypto delegate;

        Exposed(BcTlsCrypto delegate) {
            super(new SecureRandom());
            this.delegate = delegate;
        }

        AEADBlockCipher gcm() {
            return delegate instanceof DtlsCrypto lean ? lean.createGCMMode(AESEngine.newInstance())
                    : createGCMMode(AESEngine.newInstance());
        }
    }

    private static long keyedBytes(Exposed crypto) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 50; i++) {
            long before = threads.getThreadAllocatedBytes(id);
            AEADBlockCipher gcm = crypto.gcm();
            gcm.init(true, new AEADParameters(new KeyParameter(new byte[KEY_BYTES]), TAG_BITS, new byte[NONCE_BYTES]));
            least = Math.min(least, threads.getThreadAllocatedBytes(id) - before);
        }
        return least;
    }

    @Test
    void aKeyedRecordCipherCostsAFewHundredBytesNotATable() throws Exception {
        long lean = keyedBytes(new Exposed(new DtlsCrypto(new SecureRandom())));
        long tables = keyedBytes(new Exposed(new BcTlsCrypto(new SecureRandom())));
        System.out.printf("keyed AES-GCM record cipher: %d bytes (Bouncy Castle's default: %d)%n", lean, tables);
        assertThat(lean).isLessThan(LEAN_BYTES);
        assertThat(tables).as("the default it replaces does keep a table").isGreaterThan(LEAN_BYTES);
    }

    @Test
    void sealsAndOpensARecord() throws Exception {
        AEADBlockCipher seal = new Exposed(new DtlsCrypto(new SecureRandom())).gcm();
        AEADBlockCipher open = new Exposed(new DtlsCrypto(new SecureRandom())).gcm();
        byte[] key = new byte[KEY_BYTES];
        key[0] = 7;
        byte[] nonce = new byte[NONCE_BYTES];
        seal.init(true, new AEADParameters(new KeyParameter(key), TAG_BITS, nonce));
        open.init(false, new AEADParameters(new KeyParameter(key), TAG_BITS, nonce));
        byte[] plain = "close_notify".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] sealed = new byte[seal.getOutputSize(plain.length)];
        int n = seal.processBytes(plain, 0, plain.length, sealed, 0);
        seal.doFinal(sealed, n);
        byte[] opened = new byte[open.getOutputSize(sealed.length)];
        int m = open.processBytes(sealed, 0, sealed.length, opened, 0);
        m += open.doFinal(opened, m);
        assertThat(java.util.Arrays.copyOf(opened, m)).isEqualTo(plain);
    }
}
