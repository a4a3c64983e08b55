package io.storagesession.bench.session;

/**
 * What the soak's churn did so far (or in a minute: {@link #minus}).
 *
 * @param leaves   viewers that left, their place taken by a new viewer once the server freed it
 * @param joins    participants that joined during the hold (new viewers and restarted sessions' participants)
 * @param rejoins  viewers that joined again with their clientId while their old connection was still up
 * @param switches talker switches: one participant stopped carrying speech and another started
 * @param restarts sessions whose master and viewers all left, the session ended and started again
 * @param refused  joins the server refused with ClientLimitExceededException (a slot still held: tried again later)
 */
record ChurnCounts(long leaves, long joins, long rejoins, long switches, long restarts, long refused) {
    static final ChurnCounts ZERO = new ChurnCounts(0, 0, 0, 0, 0, 0);

    ChurnCounts minus(ChurnCounts o) {
        return new ChurnCounts(leaves - o.leaves, joins - o.joins, rejoins - o.rejoins, switches - o.switches,
                restarts - o.restarts, refused - o.refused);
    }
}
