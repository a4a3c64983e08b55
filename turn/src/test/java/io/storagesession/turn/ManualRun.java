package io.storagesession.turn;

/** Starts a TURN server for a manual check; prints port and secret. */
final class ManualRun {
    public static void main(String[] args) throws Exception {
        try (TurnFixture f = new TurnFixture()) {
            System.out.println("PORT " + f.port() + " SECRET " + f.secret);
            Thread.sleep(Long.parseLong(args[0]));
            System.out.println("stats opened=" + f.stats.opened + " closed=" + f.stats.closed + " packets="
                    + f.stats.packets + " auth=" + f.stats.authFailures + " drops=" + f.stats.drops);
        }
    }
}
