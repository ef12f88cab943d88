import { useQuery } from '@tanstack/react-query';
import { type Answer, api, unwrap } from '../client';
import { key } from '../keys';
import { useWrite } from '../mutations';

export type Household = Answer<'/api/v1/household'>;

/** The signed-in person's household: its name and settings. */
export function useHousehold() {
  return useQuery({ queryKey: key('household'), queryFn: () => unwrap(api.GET('/api/v1/household')) });
}

/** Owners change the concentration limit (percent); overweight positions, diversification and risk follow it. */
export function useSaveConcentrationLimit() {
  return useWrite('household', (concentration_limit: string) =>
    unwrap(api.PATCH('/api/v1/household', { body: { concentration_limit } })),
  );
}

/** Owners change the base currency; the household's analytics and the dashboard are converted into it. */
export function useSaveBaseCurrency() {
  return useWrite('household', (base_currency: string) =>
    unwrap(api.PATCH('/api/v1/household', { body: { base_currency } })),
  );
}
