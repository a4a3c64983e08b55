package io.storagesession.webrtc.dtls;

import java.security.SecureRandom;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.modes.AEADBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.gcm.BasicGCMMultiplier;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * Bouncy Castle's TLS crypto for one participant's DTLS, with AES-GCM records (RFC 5288) multiplied in GF(2^128)
 * without precomputed tables. Bouncy Castle's default keeps a 4 KiB table per key and direction (about 10 KiB of heap
 * each with the arrays' headers, so ~20 KiB per participant for as long as it is connected), which pays off for bulk
 * TLS. Here the record layer only carries the handshake's last flight and the rare alert: media go over SRTP
 * (RFC 5764), keyed once and protected elsewhere, so the table would be heap spent for nothing.
 */
final class DtlsCrypto extends BcTlsCrypto {
    DtlsCrypto(SecureRandom random) {
        super(random);
    }

    @Override
    protected AEADBlockCipher createGCMMode(BlockCipher engine) {
        return GCMBlockCipher.newInstance(engine, new BasicGCMMultiplier());
    }
}
