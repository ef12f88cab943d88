import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useSignOut } from '../api/queries/session';
import { navigation } from '../routes';
import { useSession } from './session';
import { applyTheme, currentTheme, type Theme } from './theme';

function ThemeSwitch() {
  const [theme, setTheme] = useState<Theme>(currentTheme);
  const toggle = () => {
    const next = theme === 'dark' ? 'light' : 'dark';
    applyTheme(next);
    setTheme(next);
  };
  return (
    <button type="button" className="quiet" aria-pressed={theme === 'dark'} onClick={toggle} title={`Theme: ${theme}`}>
      Theme
    </button>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { me } = useSession();
  const [location, navigate] = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const signOut = useSignOut();
  const queryClient = useQueryClient();

  // A chosen page closes the folded menu.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the location changes.
  useEffect(() => setMenuOpen(false), [location]);

  const leave = () =>
    signOut.mutate(undefined, {
      onSettled: () => {
        queryClient.removeQueries();
        navigate('/sign-in');
      },
    });

  const current = (path: string) => (path === '/' ? location === '/' : location.startsWith(path));

  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/" className="brand">
          StockBook
        </Link>
        <button
          type="button"
          className="menu-button quiet"
          aria-expanded={menuOpen}
          aria-controls="main-navigation"
          onClick={() => setMenuOpen((open) => !open)}
        >
          Menu
        </button>
        <nav id="main-navigation" aria-label="Main" className={menuOpen ? 'nav open' : 'nav'}>
          <ul>
            {navigation.map((item) => (
              <li key={item.path}>
                <Link href={item.path} aria-current={current(item.path) ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          <span className="who">{me.display_name}</span>
          <ThemeSwitch />
          <button type="button" className="quiet" onClick={leave} disabled={signOut.isPending}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
