// Light and dark themes: the system's setting unless the person chose one with the Theme switch.
// The choice is kept in localStorage (a preference, not a secret; the session never is).
const STORAGE_KEY = 'stockbook-theme';

export type Theme = 'light' | 'dark';

function systemTheme(): Theme {
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function chosenTheme(): Theme | null {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'light' || stored === 'dark' ? stored : null;
}

export function currentTheme(): Theme {
  return chosenTheme() ?? systemTheme();
}

export function applyTheme(theme: Theme | null): void {
  if (theme === null) {
    localStorage.removeItem(STORAGE_KEY);
    delete document.documentElement.dataset.theme;
  } else {
    localStorage.setItem(STORAGE_KEY, theme);
    document.documentElement.dataset.theme = theme;
  }
}
