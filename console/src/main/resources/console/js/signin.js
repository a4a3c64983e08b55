// The sign-in form: the access key of data/credentials is exchanged for the session cookie. The secret is only in
// the password field until submitted, then cleared; nothing but the CSRF token is kept (in api.js, in memory).
import { signIn } from './api.js';

let wired = false;
let onSignedIn = null;

/** Shows the form; `signedIn` runs once the server accepted the key. `reason` explains why we are here. */
export function showSignIn(signedIn, reason) {
  onSignedIn = signedIn;
  const section = document.getElementById('view-signin');
  const form = document.getElementById('signin-form');
  const error = document.getElementById('signin-error');
  section.hidden = false;
  error.textContent = reason || '';
  if (!wired) {
    wired = true;
    form.addEventListener('submit', submit);
  }
  document.getElementById('signin-key').focus();
}

async function submit(event) {
  event.preventDefault();
  const key = document.getElementById('signin-key');
  const secret = document.getElementById('signin-secret');
  const error = document.getElementById('signin-error');
  const button = document.getElementById('signin-submit');
  error.textContent = '';
  if (!key.value.trim() || !secret.value) {
    error.textContent = 'Enter both the access key ID and the secret access key.';
    (key.value.trim() ? secret : key).focus();
    return;
  }
  button.disabled = true;
  const secretValue = secret.value;
  secret.value = '';
  try {
    await signIn(key.value.trim(), secretValue);
    document.getElementById('view-signin').hidden = true;
    onSignedIn();
  } catch (refused) {
    error.textContent = refused.message || String(refused);
    secret.focus();
  } finally {
    button.disabled = false;
  }
}
