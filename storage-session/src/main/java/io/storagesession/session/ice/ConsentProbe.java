package io.storagesession.session.ice;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.ice4j.ResponseCollector;
import org.ice4j.StunResponseEvent;
import org.ice4j.StunTimeoutEvent;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.attribute.MessageIntegrityAttribute;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.ice4j.stack.StunStack;
import org.ice4j.stack.TransactionID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One participant's consent checks on the wire (RFC 7675 §5.1): a STUN Binding request on the selected pair, built
 * as an ICE check (RFC 8445 §7.1 and §7.2.2: PRIORITY, ICE-CONTROLLING, USERNAME and MESSAGE-INTEGRITY with the
 * participant's password) and sent through ice4j's STUN stack from our relayed candidate, so it crosses the TURN
 * relay exactly as the media does. ice4j's stack gives each request its transaction and retransmissions and hands us
 * the response.
 *
 * <p>A response grants consent only if it is valid in RFC 7675 §5.1's sense: a success response from the remote
 * peer's transport address, to the relayed address the request left from (RFC 8445 §7.2.5.2.1), carrying a
 * MESSAGE-INTEGRITY made with the participant's password (RFC 8445 §7.2.2 short-term credentials). ice4j's stack
 * checks neither on responses (it validates integrity on requests only; a response is matched by its transaction ID
 * alone), so this class does.
 *
 * <p>ice4j's own {@code setPerformConsentFreshness} is not used: it checks every 12–18 s on a process-wide setting,
 * and its outcome is only a pair-level property change (a success time, or FAILED after 30 unanswered
 * retransmissions) — the agent's state never changes, so nothing closed a peer that stopped answering
 * (see {@code RelayAgent}).
 */
final class ConsentProbe implements ResponseCollector {
    private static final Logger LOG = LoggerFactory.getLogger(ConsentProbe.class);

    private final Agent agent;
    private final StunStack stack;
    private final Component component;
    private final String media;
    private final byte[] remoteKey;
    private final Runnable answered;
    private final int retransmitMillis;
    private final int retransmissions;

    /**
     * @param remotePassword the participant's ice-pwd, the key of its responses' MESSAGE-INTEGRITY (RFC 8445 §7.2.2)
     * @param answered       runs on an ice4j thread for each authenticated success response
     */
    ConsentProbe(Agent agent, Component component, String media, String remotePassword, ConsentSettings settings,
                 Runnable answered) {
        this.agent = agent;
        this.stack = agent.getStunStack();
        this.component = component;
        this.media = media;
        this.remoteKey = remotePassword.getBytes(StandardCharsets.UTF_8);
        this.answered = answered;
        this.retransmitMillis = (int) settings.retransmitInterval().toMillis();
        this.retransmissions = settings.retransmissions();
    }

    /** Sends one check on the selected pair; false when there is no pair or the relayed socket is gone. */
    boolean send() {
        CandidatePair pair = component.getSelectedPair();
        if (pair == null) {
            return false;
        }
        String username = agent.generateLocalUserName(media);
        Request request = MessageFactory.createBindingRequest();
        request.putAttribute(AttributeFactory.createPriorityAttribute(
                pair.getLocalCandidate().computePriorityForType(CandidateType.PEER_REFLEXIVE_CANDIDATE)));
        // The storage session is controlling (KVS-WIRE.md §3), unless a peer that also claimed it won the conflict.
        request.putAttribute(agent.isControlling() ? AttributeFactory.createIceControllingAttribute(
                agent.getTieBreaker()) : AttributeFactory.createIceControlledAttribute(agent.getTieBreaker()));
        request.putAttribute(AttributeFactory.createUsernameAttribute(username));
        MessageIntegrityAttribute integrity = AttributeFactory.createMessageIntegrityAttribute(username);
        integrity.setMedia(media); // ice4j signs with the remote key of this stream
        request.putAttribute(integrity);
        TransactionID transaction = TransactionID.createNewTransactionID();
        transaction.setApplicationData(pair);
        try {
            stack.sendRequest(request, pair.getRemoteCandidate().getTransportAddress(),
                    pair.getLocalCandidate().getBase().getTransportAddress(), this, transaction, retransmitMillis,
                    retransmitMillis, retransmissions);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.debug("consent check not sent on {}: {}", pair, e.toString());
            return false;
        }
    }

    @Override
    public void processResponse(StunResponseEvent event) {
        if (authentic(event)) {
            answered.run();
        }
    }

    /** An unanswered check decides nothing by itself: consent lapses only when none was answered for the timeout. */
    @Override
    public void processTimeout(StunTimeoutEvent event) {
    }

    private boolean authentic(StunResponseEvent event) {
        Response response = event.getResponse();
        CandidatePair pair = (CandidatePair) event.getTransactionID().getApplicationData();
        if (response.getMessageType() != Message.BINDING_SUCCESS_RESPONSE || pair == null
                || !pair.getRemoteCandidate().getTransportAddress().equals(event.getRemoteAddress())
                || !pair.getLocalCandidate().getBase().getTransportAddress().equals(event.getLocalAddress())) {
            return false;
        }
        MessageIntegrityAttribute integrity = (MessageIntegrityAttribute) response.getAttribute(
                Attribute.MESSAGE_INTEGRITY);
        return integrity != null && signedWithRemoteKey(event.getRawMessage().getBytes(), integrity);
    }

    /**
     * RFC 8489 §14.5: the HMAC covers the message up to MESSAGE-INTEGRITY, with the header's length counting up to
     * and including that attribute (a FINGERPRINT after it is excluded).
     */
    private boolean signedWithRemoteKey(byte[] raw, MessageIntegrityAttribute integrity) {
        int end = integrity.getLocationInMessage();
        if (end < Message.HEADER_LENGTH || end > raw.length) {
            return false;
        }
        byte[] signed = Arrays.copyOf(raw, end);
        int length = end + Attribute.HEADER_LENGTH + integrity.getDataLength() - Message.HEADER_LENGTH;
        signed[2] = (byte) (length >> Byte.SIZE);
        signed[3] = (byte) length;
        byte[] expected = MessageIntegrityAttribute.calculateHmacSha1(signed, 0, signed.length, remoteKey);
        return MessageDigest.isEqual(expected, integrity.getHmacSha1Content());
    }
}
