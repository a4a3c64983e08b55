package io.storagesession.bench.media;

import io.storagesession.codecs.rtp.Bytes;
import io.storagesession.media.Direction;
import io.storagesession.media.MediaKind;
import io.storagesession.media.MediaOut;
import io.storagesession.media.OfferCodecs;
import io.storagesession.media.ParticipantId;
import io.storagesession.media.RtpParameters;
import io.storagesession.sfu.SfuSettings;
import io.storagesession.sfu.VideoForwarder;
import io.storagesession.webrtc.dtls.SrtpKeys;
import io.storagesession.webrtc.dtls.SrtpProfile;
import io.storagesession.webrtc.srtp.PacketBuffer;
import io.storagesession.webrtc.srtp.SrtpSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-packet video path of a storage session, on one thread as on the session executor: the master's SRTP packet
 * is decrypted with the real {@link SrtpSession}, rewritten by {@link VideoForwarder} for three viewers (SSRC,
 * sequence, timestamp, header extensions, retransmission cache) and encrypted once per viewer with that viewer's own
 * {@link SrtpSession}; the sink then only reads the protected length (no socket), so the number is the CPU cost of
 * the media path and not of the kernel's UDP stack.
 *
 * <p>SRTP's replay protection (RFC 3711 §3.3.2) refuses a packet index twice, so each operation must bring a fresh
 * packet: {@link #forward} therefore also plays the master, copying a 1200-byte H.264 FU-A packet template, numbering
 * it and protecting it. {@link #masterSend} is that part alone and {@link #srtpOnly} is all the SRTP work without the
 * forwarder, so the server's share of time and allocation per packet is {@code forward - masterSend} and the
 * forwarder's own share {@code forward - srtpOnly}.
 *
 * <p>{@link #server} measures the server's share directly, from batches of packets the master protected beforehand.
 *
 * <p>Run: {@code java -cp bench/target/bench.jar org.openjdk.jmh.Main ForwardingBenchmark -prof gc -f 1 -wi 3 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(time = 2)
@Measurement(time = 3)
public class ForwardingBenchmark {
    private static final int VIEWERS = 3;
    /** A full FU-A packet of a 1 Mbps stream: what fits a TURN-relayed datagram under a 1280-byte path MTU. */
    private static final int PACKET_BYTES = 1200;
    private static final int MASTER_SSRC = 0x1111_2222;
    /** 30 fps at 90 kHz, about 4 packets per frame at 1 Mbps. */
    private static final int PACKETS_PER_FRAME = 4;
    private static final int FRAME_TICKS = 3000;
    private static final int ROOM = PACKET_BYTES + 64;

    @Param({"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
    public SrtpProfile profile;

    /** Where SRTP's AES runs, as storage-session.dtls.aes-implementation chooses it (the server's default: OpenSSL). */
    @Param({"OpenSSL", "JDK"})
    public String aes;

    private SrtpSession masterSide;
    private SrtpSession serverFromMaster;
    private SrtpSession masterSideAlone;
    private final PacketBuffer masterBuffer = new PacketBuffer(0);
    private final PacketBuffer serverBuffer = new PacketBuffer(0);
    private final byte[] template = new byte[PACKET_BYTES];
    private final byte[] wire = new byte[ROOM];
    private final byte[][] copies = new byte[VIEWERS][ROOM];
    private final PacketBuffer[] copyBuffers = new PacketBuffer[VIEWERS];
    private final Sink[] sinks = new Sink[VIEWERS];
    private VideoForwarder forwarder;
    private int sequence;
    private long timestamp;
    private int aloneSequence;

    @Setup(Level.Trial)
    public void setUp() {
        SrtpSession.useAesImplementation(aes);
        SrtpKeys master = keys(profile, 1);
        masterSide = new SrtpSession(master);
        masterSideAlone = new SrtpSession(master);
        serverFromMaster = new SrtpSession(reversed(master));
        forwarder = new VideoForwarder(SfuSettings.defaults(), System::nanoTime);
        forwarder.connected(ParticipantId.MASTER, new Sink(null, 0x0A, Direction.SENDONLY));
        for (int i = 0; i < VIEWERS; i++) {
            sinks[i] = new Sink(new SrtpSession(keys(profile, 10 + i)), 0x100 + 16 * i, Direction.RECVONLY);
            forwarder.connected(ParticipantId.viewer("v" + i), sinks[i]);
            copyBuffers[i] = new PacketBuffer(0);
        }
        buildTemplate();
        template[12 + 16] = 0x67;
        masterPacket();
        int plain = serverFromMaster.unprotectRtp(serverBuffer.wrap(wire, 0, serverBuffer.getLength()));
        forwarder.rtp(ParticipantId.MASTER, MediaKind.VIDEO, wire, 0, plain);
        template[12 + 16] = 0x5C;
        if (sinks[0].bytes == 0) {
            throw new IllegalStateException("the keyframe did not reach the viewers");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        forwarder.close();
    }

    /** The whole path: the master sends, the server decrypts, forwards to three viewers, encrypts for each. */
    @Benchmark
    public long forward() {
        masterPacket();
        int plain = serverFromMaster.unprotectRtp(serverBuffer.wrap(wire, 0, serverBuffer.getLength()));
        forwarder.rtp(ParticipantId.MASTER, MediaKind.VIDEO, wire, 0, plain);
        return sinks[0].bytes;
    }

    /**
     * The server's part alone, measured directly: {@link Batch} protects {@value Batch#PACKETS} master packets before
     * each invocation (outside the timing), and each operation is one of them decrypted, forwarded to three viewers
     * and encrypted for each. Unlike {@code forward - masterSend}, no difference of two noisy numbers.
     */
    @Benchmark
    @OperationsPerInvocation(Batch.PACKETS)
    public long server(Batch batch) {
        for (int i = 0; i < Batch.PACKETS; i++) {
            byte[] packet = batch.packets[i];
            int plain = serverFromMaster.unprotectRtp(serverBuffer.wrap(packet, 0, batch.lengths[i]));
            forwarder.rtp(ParticipantId.MASTER, MediaKind.VIDEO, packet, 0, plain);
        }
        return sinks[0].bytes;
    }

    /** A batch of the master's packets, protected in order before each invocation of {@link #server}. */
    @State(Scope.Thread)
    public static class Batch {
        /**
         * About 3 ms of work per invocation, long enough for per-invocation setup to be harmless, and 650 KB of
         * packets: warm in the caches as a server's few receive buffers are, not 20 MB read cold from memory.
         */
        static final int PACKETS = 512;
        final byte[][] packets = new byte[PACKETS][ROOM];
        final int[] lengths = new int[PACKETS];

        @Setup(Level.Invocation)
        public void fill(ForwardingBenchmark bench) {
            for (int i = 0; i < PACKETS; i++) {
                bench.masterPacket();
                System.arraycopy(bench.wire, 0, packets[i], 0, bench.serverBuffer.getLength());
                lengths[i] = bench.serverBuffer.getLength();
            }
        }
    }

    /** The master's part of {@link #forward} alone: copy the template, number it, protect it. */
    @Benchmark
    public int masterSend() {
        System.arraycopy(template, 0, wire, 0, PACKET_BYTES);
        Bytes.writeShort(wire, 2, aloneSequence++);
        return masterSideAlone.protectRtp(masterBuffer.wrap(wire, 0, PACKET_BYTES));
    }

    /** Every SRTP operation of {@link #forward} (and its copies) without the forwarder. */
    @Benchmark
    public long srtpOnly() {
        masterPacket();
        int plain = serverFromMaster.unprotectRtp(serverBuffer.wrap(wire, 0, serverBuffer.getLength()));
        long total = 0;
        for (int i = 0; i < VIEWERS; i++) {
            System.arraycopy(wire, 0, copies[i], 0, plain);
            Bytes.writeInt(copies[i], 8, sinks[i].videoSsrc());
            total += sinks[i].srtp.protectRtp(copyBuffers[i].wrap(copies[i], 0, plain));
        }
        return total;
    }

    private void masterPacket() {
        System.arraycopy(template, 0, wire, 0, PACKET_BYTES);
        Bytes.writeShort(wire, 2, sequence);
        if (sequence % PACKETS_PER_FRAME == 0) {
            timestamp += FRAME_TICKS;
        }
        Bytes.writeInt(wire, 4, (int) timestamp);
        sequence = (sequence + 1) & 0xFFFF;
        int n = masterSide.protectRtp(masterBuffer.wrap(wire, 0, PACKET_BYTES));
        serverBuffer.wrap(wire, 0, n);
    }

    /** RTP header, one-byte extensions as libwebrtc sends them (abs-send-time, transport-cc, mid), FU-A payload. */
    private void buildTemplate() {
        template[0] = (byte) 0x90;
        template[1] = (byte) OfferCodecs.H264_CONSTRAINED_BASELINE.payloadType();
        Bytes.writeInt(template, 8, MASTER_SSRC);
        int at = 12;
        template[at++] = (byte) 0xBE;
        template[at++] = (byte) 0xDE;
        template[at++] = 0;
        template[at++] = 3;
        template[at++] = (byte) ((OfferCodecs.ABS_SEND_TIME.id() << 4) | 2);
        at += 3;
        template[at++] = (byte) ((OfferCodecs.TRANSPORT_CC.id() << 4) | 1);
        at += 2;
        template[at++] = (byte) (OfferCodecs.SDES_MID.id() << 4);
        template[at++] = '0';
        template[at++] = 0x5C;
        template[at] = 0x01;
        for (int i = at + 1; i < PACKET_BYTES; i++) {
            template[i] = (byte) i;
        }
    }

    private static SrtpKeys keys(SrtpProfile profile, int seed) {
        byte[] key = new byte[profile.keyLength()];
        byte[] salt = new byte[profile.saltLength()];
        byte[] otherKey = new byte[profile.keyLength()];
        byte[] otherSalt = new byte[profile.saltLength()];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed + i);
            otherKey[i] = (byte) (seed * 7 + i);
        }
        for (int i = 0; i < salt.length; i++) {
            salt[i] = (byte) (seed * 3 + i);
            otherSalt[i] = (byte) (seed * 5 + i);
        }
        return new SrtpKeys(profile, key, salt, otherKey, otherSalt);
    }

    private static SrtpKeys reversed(SrtpKeys keys) {
        return new SrtpKeys(keys.profile(), keys.remoteKey(), keys.remoteSalt(), keys.localKey(), keys.localSalt());
    }

    private static RtpParameters answerFor(Direction direction) {
        List<Integer> types = new ArrayList<>();
        Map<Integer, Integer> rtx = new LinkedHashMap<>();
        for (OfferCodecs.H264Format format : OfferCodecs.H264_FORMATS) {
            types.add(format.payloadType());
            rtx.put(format.rtxPayloadType(), format.payloadType());
        }
        Map<String, Integer> extensions = new LinkedHashMap<>();
        for (OfferCodecs.HeaderExtension e : OfferCodecs.VIDEO_EXTENSIONS) {
            extensions.put(e.uri(), e.id());
        }
        return new RtpParameters(direction, types, rtx, List.of(), extensions);
    }

    /** A participant seen from the server: SRTP with its own keys, then nothing but the protected length. */
    static final class Sink implements MediaOut {
        private final SrtpSession srtp;
        private final PacketBuffer buffer = new PacketBuffer(0);
        private final int ssrc;
        private final RtpParameters video;
        private final RtpParameters audio = new RtpParameters(Direction.SENDRECV,
                List.of(OfferCodecs.OPUS_PAYLOAD_TYPE), Map.of(), List.of(), Map.of());
        long bytes;

        Sink(SrtpSession srtp, int ssrc, Direction direction) {
            this.srtp = srtp;
            this.ssrc = ssrc;
            this.video = answerFor(direction);
        }

        @Override
        public boolean sendRtp(MediaKind kind, byte[] buf, int off, int len) {
            int n = srtp == null ? len : srtp.protectRtp(buffer.wrap(buf, off, len));
            bytes += n;
            return n > 0;
        }

        @Override
        public boolean sendRtcp(byte[] buf, int off, int len) {
            int n = srtp == null ? len : srtp.protectRtcp(buffer.wrap(buf, off, len));
            bytes += n;
            return n > 0;
        }

        @Override
        public int audioSsrc() {
            return ssrc + 1;
        }

        @Override
        public int videoSsrc() {
            return ssrc;
        }

        @Override
        public OptionalInt videoRtxSsrc() {
            return OptionalInt.of(ssrc + 2);
        }

        @Override
        public RtpParameters videoParameters() {
            return video;
        }

        @Override
        public RtpParameters audioParameters() {
            return audio;
        }
    }
}
