// The minimal HTML landing page for sign-in links (the console issue replaces it with the real one).

/**
 * A page that posts the link's token to /api/auth/exchange, keeps the session in
 * localStorage ("dnscove.session") and removes the token from the address bar.
 */
export function callbackPage(): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>DNSCove sign-in</title>
<style>body{font:16px system-ui,sans-serif;margin:3rem auto;max-width:36rem}</style></head>
<body>
<h1>DNSCove</h1>
<p id="status">Signing in…</p>
<script>
(async () => {
  const status = document.getElementById('status');
  const token = new URLSearchParams(location.search).get('token');
  history.replaceState(null, '', location.pathname);
  if (!token) { status.textContent = 'This link has no token.'; return; }
  try {
    const res = await fetch('/api/auth/exchange', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }),
    });
    const data = await res.json();
    if (!res.ok) { status.textContent = 'Sign-in failed: ' + (data.detail || res.status); return; }
    localStorage.setItem('dnscove.session', JSON.stringify(data));
    status.textContent = 'Signed in as ' + data.email + '. Use the session as a Bearer token for the API.';
  } catch (err) {
    status.textContent = 'Sign-in failed: ' + err;
  }
})();
</script>
</body>
</html>
`;
}
