// The console's shell: signed in or not, the hash routes (#/channels, #/live, #/recordings, #/server) and the nav
// (collapsed behind a Menu button on narrow screens). Each view module exports mount(container) and may return an
// unmount function that stops its timers and media.
import { currentSession, onSignedOut, resumeSession, signOut } from './api.js';
import { announce } from './ui.js';
import { showSignIn } from './signin.js';
import * as channels from './channels.js';
import * as live from './live.js';
import * as recordings from './recordings.js';
import * as server from './server.js';

const VIEWS = { channels, live, recordings, server };
const TITLES = { channels: 'Channels and streams', live: 'Live', recordings: 'Recordings', server: 'Server' };
const DEFAULT_ROUTE = 'channels';
const NARROW = window.matchMedia('(max-width: 760px)');

let unmount = null;

function route() {
  const name = (location.hash.match(/^#\/([a-z]+)/) || [])[1];
  return VIEWS[name] ? name : DEFAULT_ROUTE;
}

function leaveView() {
  if (typeof unmount === 'function') {
    try {
      unmount();
    } catch (ignored) {
      // a view that fails to stop cleanly must not keep the next one from showing
    }
  }
  unmount = null;
}

function render() {
  leaveView();
  if (!currentSession()) {
    return;
  }
  const name = route();
  document.title = `${TITLES[name]} · Storage session console`;
  document.querySelectorAll('#nav a[data-route]').forEach((link) => {
    if (link.dataset.route === name) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  });
  const view = document.getElementById('view');
  view.replaceChildren();
  const status = document.getElementById('status');
  status.textContent = '';
  status.className = 'status';
  view.dataset.route = name;
  unmount = VIEWS[name].mount(view) || null;
  setMenu(false);
}

function setMenu(open) {
  const toggle = document.getElementById('nav-toggle');
  toggle.setAttribute('aria-expanded', String(open));
  document.getElementById('nav').classList.toggle('open', open);
}

function showApp() {
  const s = currentSession();
  document.getElementById('view-signin').hidden = true;
  document.getElementById('view').hidden = false;
  document.getElementById('nav').hidden = false;
  document.getElementById('nav-toggle').hidden = false;
  document.getElementById('who').textContent = `${s.accessKeyId} · ${s.region}`;
  render();
}

function showSignedOut(reason) {
  leaveView();
  document.getElementById('view').hidden = true;
  document.getElementById('view').replaceChildren();
  document.getElementById('nav').hidden = true;
  document.getElementById('nav-toggle').hidden = true;
  document.getElementById('who').textContent = '';
  document.title = 'Sign in · Storage session console';
  showSignIn(showApp, reason);
}

async function start() {
  document.getElementById('nav-toggle').addEventListener('click', () => {
    setMenu(document.getElementById('nav-toggle').getAttribute('aria-expanded') !== 'true');
  });
  document.getElementById('sign-out').addEventListener('click', async () => {
    leaveView();
    await signOut();
    announce('Signed out');
    showSignedOut();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && NARROW.matches) {
      setMenu(false);
    }
  });
  window.addEventListener('hashchange', render);
  onSignedOut((error) => showSignedOut(`${error.message}. Sign in again.`));
  let resumed = null;
  try {
    resumed = await resumeSession();
  } catch (unreachable) {
    announce('The server did not answer; reload to try again', 'error');
  }
  if (resumed) {
    showApp();
  } else {
    showSignedOut();
  }
}

start();
