import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../application/context.js';
import { getHousehold, updateHouseholdSettings } from '../../application/household.js';
import type { Household } from '../../application/ports.js';
import { Decimal, formatPercent } from '../../domain/decimal.js';
import { principalOf } from '../auth.js';
import { DecimalInput, DecimalString, responses } from '../schemas.js';

const HouseholdView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  base_currency: Type.String({
    description: 'ISO 4217 code that household analytics and the dashboard are reported in (default USD)',
  }),
  concentration_limit: DecimalString,
});
const HouseholdSettingsBody = Type.Object(
  {
    base_currency: Type.Optional(
      Type.String({ maxLength: 20, description: 'A major ISO 4217 code such as USD, EUR or GBP (not GBp)' }),
    ),
    concentration_limit: Type.Optional(DecimalInput),
  },
  { additionalProperties: false },
);

export function householdView(h: Household) {
  return {
    id: h.id,
    name: h.name,
    base_currency: h.baseCurrency,
    concentration_limit: formatPercent(new Decimal(h.concentrationLimit)),
  };
}

export const householdRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['households'];
    const config = { access: 'authenticated' as const };

    app.get(
      '/household',
      { config, schema: { tags, summary: "The caller's household", response: responses({ 200: HouseholdView }) } },
      async (request) => householdView(await getHousehold(ctx, principalOf(request))),
    );

    app.patch(
      '/household',
      {
        config,
        schema: {
          tags,
          summary: "Change the household's base currency or concentration limit (owners only)",
          body: HouseholdSettingsBody,
          response: responses({ 200: HouseholdView }),
        },
      },
      async (request) =>
        householdView(
          await updateHouseholdSettings(ctx, principalOf(request), {
            concentrationLimit: request.body.concentration_limit,
            baseCurrency: request.body.base_currency,
          }),
        ),
    );
  };
