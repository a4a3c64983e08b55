package io.storagesession.api.auth;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A simple IAM-like allow list attached to an access key: the actions (e.g. {@code kinesisvideo:JoinStorageSession},
 * {@code kinesisvideo:Describe*}) and resource ARN patterns it may use. Patterns are IAM globs: {@code *} matches any
 * run of characters and {@code ?} one character, case-sensitively for ARNs and case-insensitively for actions, as IAM does.
 */
public final class Policy {
    /** The policy of a key with no restrictions. */
    public static final Policy ALLOW_ALL = new Policy(List.of("*"), List.of("*"));

    private final List<Pattern> actions;
    private final List<Pattern> resources;
    private final List<String> actionGlobs;
    private final List<String> resourceGlobs;

    public Policy(List<String> actionGlobs, List<String> resourceGlobs) {
        this.actionGlobs = List.copyOf(actionGlobs);
        this.resourceGlobs = List.copyOf(resourceGlobs);
        this.actions = actionGlobs.stream().map(g -> glob(g, true)).toList();
        this.resources = resourceGlobs.stream().map(g -> glob(g, false)).toList();
    }

    /** True when {@code action} (e.g. {@code kinesisvideo:CreateStream}) on {@code resourceArn} is allowed. */
    public boolean allows(String action, String resourceArn) {
        boolean actionOk = actions.stream().anyMatch(p -> p.matcher(action).matches());
        boolean resourceOk = resources.stream().anyMatch(p -> p.matcher(resourceArn == null ? "*" : resourceArn).matches());
        return actionOk && resourceOk;
    }

    public List<String> actionGlobs() {
        return actionGlobs;
    }

    public List<String> resourceGlobs() {
        return resourceGlobs;
    }

    private static Pattern glob(String glob, boolean caseInsensitive) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), caseInsensitive ? Pattern.CASE_INSENSITIVE : 0);
    }
}
