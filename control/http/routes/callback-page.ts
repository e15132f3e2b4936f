// The landing page of sign-in links: exchanges the link's token for a session and opens the console signed in.

/**
 * A page that posts the link's token to /api/auth/exchange, stores the answer in localStorage
 * ("dnscove.session", the shape the console's session module reads), removes the token from the
 * address bar and history, and replaces itself with the console's zone list. On failure it says
 * why and links to the console's sign-in page. Self-contained (inline script and style): the
 * route's Content-Security-Policy allows nothing else.
 */
export function callbackPage(): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Signing in · DNSCove</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:3rem auto;max-width:36rem;padding:0 1rem;color:#1b2330}a{color:#1a56b8}</style></head>
<body>
<h1>DNSCove</h1>
<p id="status" role="status">Signing you in…</p>
<noscript><p>The console needs JavaScript.</p></noscript>
<script>
(async () => {
  const status = document.getElementById('status');
  const token = new URLSearchParams(location.search).get('token');
  // The token is single-use; keep it out of history either way.
  history.replaceState(null, '', location.pathname);
  const fail = (why) => {
    status.textContent = 'Sign-in failed: ' + why + ' ';
    const again = document.createElement('a');
    again.href = '/#/login';
    again.textContent = 'Ask for a new sign-in link.';
    status.append(again);
  };
  if (!token) { fail('this link has no token.'); return; }
  try {
    const res = await fetch('/api/auth/exchange', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }),
    });
    const data = await res.json();
    if (!res.ok) { fail((data && data.detail) || ('HTTP ' + res.status) + '.'); return; }
    localStorage.setItem('dnscove.session', JSON.stringify({ session: data.session, expires_at: data.expires_at, email: data.email }));
    location.replace('/#/zones');
  } catch (err) {
    fail(String(err));
  }
})();
</script>
</body>
</html>
`;
}
