import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { GICS_SECTORS } from '../../domain/gics.js';
import { responses } from '../schemas.js';

const SectorList = Type.Object({
  items: Type.Array(Type.Object({ name: Type.String(), industry_groups: Type.Array(Type.String()) })),
});

const body = { items: GICS_SECTORS.map((s) => ({ name: s.name, industry_groups: [...s.industryGroups] })) };

export const sectorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/sectors',
    {
      config: { access: 'public' },
      schema: {
        tags: ['stocks'],
        summary: 'GICS sectors and their industry groups',
        response: responses({ 200: SectorList }),
      },
    },
    async () => body,
  );
};
