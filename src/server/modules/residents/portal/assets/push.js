// Civicast portal: "turn on notifications on this device". Progressive enhancement for the push section that the
// server renders on the settings page (and after registering with push): without JavaScript or without push support
// it keeps its sentence that SMS and e-mail work anyway. Texts and URLs come from the page (data attributes), none from here.

(() => {
  const section = document.querySelector('[data-push-setup]');
  if (!section || !('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) return;

  const form = section.querySelector('form');
  const button = form?.querySelector('button');
  const status = section.querySelector('[data-push-status]');
  const fallback = section.querySelector('[data-push-fallback]');
  if (!form || !button || !status) return;
  const data = section.dataset;
  // a push service that never answers must not leave the button busy for ever
  const SUBSCRIBE_TIMEOUT_MS = 20000;

  const say = (key, kind) => {
    status.textContent = data[key] ?? '';
    status.className = kind === 'error' ? 'form-error' : 'notice';
  };

  const withTimeout = (promise, ms) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timeout')), ms);
      promise.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });

  /** The VAPID key from /push/key (base64url) as the bytes PushManager.subscribe wants. */
  const keyBytes = (base64url) => {
    const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4);
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  };

  async function activeRegistration() {
    const registration = await navigator.serviceWorker.register(data.sw, { scope: data.scope });
    if (registration.active) return registration;
    const worker = registration.installing ?? registration.waiting;
    await new Promise((resolve) => {
      if (!worker) return resolve();
      worker.addEventListener('statechange', () => {
        if (worker.state === 'activated' || worker.state === 'redundant') resolve();
      });
    });
    return registration;
  }

  async function subscribe() {
    const registration = await activeRegistration();
    const keyResponse = await fetch(data.key, { headers: { accept: 'application/json' } });
    if (!keyResponse.ok) throw new Error(`key: HTTP ${keyResponse.status}`);
    const { publicKey } = await keyResponse.json();
    const subscription =
      (await registration.pushManager.getSubscription()) ??
      (await withTimeout(registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }), SUBSCRIBE_TIMEOUT_MS));
    // same-origin request with the resident's session cookie: the server links the subscription to the resident
    const saved = await fetch(data.subscribe, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(subscription.toJSON()) });
    if (!saved.ok) throw new Error(`subscriptions: HTTP ${saved.status}`);
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    // asked first, still inside the click: Safari and Firefox grant the prompt only to a direct user gesture
    const permission = Notification.permission === 'granted' ? Promise.resolve('granted') : Notification.requestPermission();
    button.disabled = true;
    section.setAttribute('aria-busy', 'true');
    say('textWorking');
    try {
      // "block" (or a dismissed prompt): from now on only the browser's site settings can change that
      if ((await permission) !== 'granted') return say('textDenied', 'error');
      await subscribe();
      say('textDone');
    } catch (error) {
      // some browsers answer the permission only inside subscribe()
      const denied = error?.name === 'NotAllowedError' || Notification.permission === 'denied';
      say(denied ? 'textDenied' : 'textFailed', 'error');
    } finally {
      button.disabled = false;
      section.removeAttribute('aria-busy');
    }
  });

  if (fallback) fallback.hidden = true;
  form.hidden = false;
  // already on in this browser: say so (pressing the button again only sends the same subscription again)
  navigator.serviceWorker
    .getRegistration(data.scope)
    .then((registration) => registration?.pushManager.getSubscription())
    .then((subscription) => {
      if (subscription && Notification.permission === 'granted') say('textDone');
    })
    .catch(() => {});
})();
