import { type ComponentType, lazy } from 'react';

// Every screen's path, in one list; each screen's code is loaded when it is first visited.
export interface Screen {
  path: string;
  component: ComponentType;
}

export const screens: Screen[] = [
  { path: '/', component: lazy(() => import('./areas/dashboard/DashboardPage')) },
  { path: '/portfolios', component: lazy(() => import('./areas/portfolios/PortfoliosPage')) },
  { path: '/portfolios/:id', component: lazy(() => import('./areas/portfolios/PortfolioPage')) },
  { path: '/portfolios/:id/import', component: lazy(() => import('./areas/portfolios/import/ImportPage')) },
  { path: '/stocks', component: lazy(() => import('./areas/stocks/StocksPage')) },
  { path: '/stocks/:id', component: lazy(() => import('./areas/stocks/StockPage')) },
  { path: '/market-data', component: lazy(() => import('./areas/stocks/market-data/MarketDataPage')) },
  { path: '/targets', component: lazy(() => import('./areas/targets/TargetsPage')) },
  { path: '/journal', component: lazy(() => import('./areas/journal/JournalPage')) },
  { path: '/household', component: lazy(() => import('./areas/household/HouseholdPage')) },
  {
    path: '/exchange-rates',
    component: lazy(() => import('./areas/household/exchange-rates/ExchangeRatesPage')),
  },
];

/** The main navigation, in the person's words (product.md section 11). */
export const navigation = [
  { label: 'Dashboard', path: '/' },
  { label: 'Portfolios', path: '/portfolios' },
  { label: 'Stocks', path: '/stocks' },
  { label: 'Targets', path: '/targets' },
  { label: 'Journal', path: '/journal' },
  { label: 'Household', path: '/household' },
] as const;
