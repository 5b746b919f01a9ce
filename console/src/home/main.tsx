import { useState } from 'react';
import { mountPage } from '../common/page.tsx';
import { claimsOf, signIn, signOut, signedInToken } from '../common/session.ts';

/** Development sign-in: paste a token from `npm start` or `npm run token`; production uses OIDC (docs/console.md). */
function SignIn() {
  const [token, setToken] = useState(signedInToken() ?? '');
  const [message, setMessage] = useState<string | null>(null);
  const submit = () => {
    if (!claimsOf(token.trim())) return setMessage('That is not a token (a JWT has three dot-separated parts).');
    signIn(token);
    setMessage('Signed in for this tab.');
    location.reload();
  };
  return (
    <section>
      <p>Paste a bearer token (development sign-in; it stays in this tab only).</p>
      <label>
        Token
        <textarea aria-label="Token" rows={4} value={token} onChange={(event) => setToken(event.target.value)} />
      </label>
      <p>
        <button onClick={submit}>Sign in</button>{' '}
        <button
          onClick={() => {
            signOut();
            location.reload();
          }}
        >
          Sign out
        </button>
      </p>
      {message && <p role="status">{message}</p>}
      <ul>
        <li>
          <a href="./policies.html">Policies</a>: edit the policy, and ask what a caller can see (admins)
        </li>
        <li>
          <a href="./audit.html">Audit</a>: recent denials and emergency accesses (admins)
        </li>
        <li>
          <a href="./research.html">Research dashboard</a>: cohorts by month on the clinical subgraph alone (researchers)
        </li>
      </ul>
    </section>
  );
}

mountPage('Clinical federation console', <SignIn />);
