package io.storagesession.console;

import io.storagesession.api.auth.Principal;

/**
 * One signed-in browser: who it is (the access key it proved it holds, whose policy applies to everything it does), the
 * token its cookie carries, the anti-forgery token its page must echo in a header on every state-changing request, and
 * when it expires. The secret itself is never kept with it.
 */
record ConsoleSession(String token, String csrfToken, Principal principal, long expiresAtMillis) {
}
