/*
 * Passkeys for the reference app's pages: registration on /auth/passkeys and sign-in on
 * /auth/login, through @simplewebauthn/browser (served by the app itself). The JSON endpoints
 * take url-encoded fields with the page's csrf_token, like every form of the app.
 */
(() => {
  const webauthn = window.SimpleWebAuthnBrowser;

  async function post(url, form, fields) {
    const body = new URLSearchParams({ csrf_token: form.elements.csrf_token.value, ...fields });
    const response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body,
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(answer.message || 'The passkey request failed.');
    return answer;
  }

  function say(form, message) {
    const status = form.querySelector('[data-passkey-status]');
    if (status) status.textContent = message;
  }

  for (const marker of document.querySelectorAll('[data-passkey]')) {
    const form = marker.closest('form');
    if (!form) continue;
    const mode = marker.dataset.passkey;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!webauthn?.browserSupportsWebAuthn()) {
        say(form, 'This browser cannot use passkeys.');
        return;
      }
      say(form, 'Waiting for your passkey…');
      try {
        const optionsJSON = await post(marker.dataset.options, form, {});
        const credential =
          mode === 'register'
            ? await webauthn.startRegistration({ optionsJSON })
            : await webauthn.startAuthentication({ optionsJSON });
        const fields = { credential: JSON.stringify(credential) };
        if (mode === 'register') fields.name = form.elements.name ? form.elements.name.value : '';
        const done = await post(form.action, form, fields);
        window.location.assign(done.location);
      } catch (error) {
        say(form, error instanceof Error ? error.message : 'The passkey request failed.');
      }
    });
  }
})();
