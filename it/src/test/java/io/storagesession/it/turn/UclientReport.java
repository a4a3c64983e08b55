package io.storagesession.it.turn;

import java.util.OptionalLong;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code turnutils_uclient} reports at the end of a run, read from its output: the totals line
 * {@code start_mclient: tot_send_msgs=40, tot_recv_msgs=40} (the last one without {@code msz=}),
 * {@code Total lost packets 0 (0.000000%), total send dropped 0 (…)}, and its allocation failure message.
 * A value the output lacks is empty, so a test can tell "0 lost" from "never got that far".
 */
record UclientReport(OptionalLong sent, OptionalLong received, OptionalLong lost, OptionalLong sendDropped,
                     boolean allocationFailed) {
    private static final Pattern TOTALS =
            Pattern.compile("start_mclient: tot_send_msgs=(\\d+), tot_recv_msgs=(\\d+)");
    private static final Pattern LOST =
            Pattern.compile("Total lost packets (\\d+) \\([^)]*\\), total send dropped (\\d+)");
    static final String ALLOCATION_FAILURE = "Cannot complete Allocation";

    static UclientReport parse(String output) {
        MatchResult totals = lastMatch(TOTALS, output);
        MatchResult lost = lastMatch(LOST, output);
        return new UclientReport(group(totals, 1), group(totals, 2), group(lost, 1), group(lost, 2),
                output.contains(ALLOCATION_FAILURE));
    }

    private static MatchResult lastMatch(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        MatchResult last = null;
        while (matcher.find()) {
            last = matcher.toMatchResult();
        }
        return last;
    }

    private static OptionalLong group(MatchResult matcher, int group) {
        return matcher == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(matcher.group(group)));
    }
}
