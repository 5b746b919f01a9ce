import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { claimsOf, signedInToken } from './session.ts';
import './console.css';

const LINKS = [
  { href: './index.html', label: 'Sign in' },
  { href: './policies.html', label: 'Policies' },
  { href: './audit.html', label: 'Audit' },
  { href: './research.html', label: 'Research' },
];

function Header() {
  const token = signedInToken();
  const claims = token ? claimsOf(token) : null;
  const roles = Array.isArray(claims?.roles) ? claims.roles.join(' ') : (claims?.roles ?? '');
  return (
    <header>
      <nav>
        {LINKS.map((link) => (
          <a key={link.href} href={link.href}>
            {link.label}
          </a>
        ))}
      </nav>
      <span className="who">{claims ? `${claims.sub ?? '?'} (${roles}) · ${claims.org ?? 'no org'}` : 'not signed in'}</span>
    </header>
  );
}

/** Renders a console page under the shared header into #root. */
export function mountPage(title: string, content: ReactNode): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('The page has no #root element');
  createRoot(root).render(
    <StrictMode>
      <Header />
      <main>
        <h1>{title}</h1>
        {content}
      </main>
    </StrictMode>,
  );
}
