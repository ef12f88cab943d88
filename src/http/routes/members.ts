import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../application/context.js';
import { addMember, changeMemberRole, listMembers, removeMember } from '../../application/members.js';
import type { User } from '../../application/ports.js';
import { principalOf } from '../auth.js';
import { IdParams, NoContent, PageQuery, pageOf, responses, Timestamp } from '../schemas.js';

const MemberView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  display_name: Type.String(),
  role: Type.String({ enum: ['owner', 'member', 'viewer'] }),
  created_at: Timestamp,
});
const NewMemberBody = Type.Object(
  {
    email: Type.String({ maxLength: 1000 }),
    display_name: Type.String({ maxLength: 1000 }),
    password: Type.String({ maxLength: 1000 }),
    role: Type.String({ maxLength: 50 }),
  },
  { additionalProperties: false },
);
const RoleBody = Type.Object({ role: Type.String({ maxLength: 50 }) }, { additionalProperties: false });
const MemberListQuery = Type.Object(PageQuery, { additionalProperties: false });

function memberView(user: User) {
  return {
    id: user.id,
    email: user.email,
    display_name: user.displayName,
    role: user.role,
    created_at: user.createdAt.toISOString(),
  };
}

export const memberRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['households'];
    const config = { access: 'authenticated' as const };

    app.post(
      '/household/members',
      {
        config,
        schema: {
          tags,
          summary: 'Add a member (owners only)',
          body: NewMemberBody,
          response: responses({ 201: MemberView }),
        },
      },
      async (request, reply) => {
        const { email, display_name, password, role } = request.body;
        const user = await addMember(ctx, principalOf(request), { email, displayName: display_name, password, role });
        return reply.code(201).send(memberView(user));
      },
    );

    app.get(
      '/household/members',
      {
        config,
        schema: {
          tags,
          summary: 'List members (sort fields: email, display_name, role, created_at)',
          querystring: MemberListQuery,
          response: responses({ 200: pageOf(MemberView) }),
        },
      },
      async (request) => {
        const page = await listMembers(ctx, principalOf(request), request.query);
        return { ...page, items: page.items.map(memberView) };
      },
    );

    app.patch(
      '/household/members/:id',
      {
        config,
        schema: {
          tags,
          summary: "Change a member's role (owners only)",
          params: IdParams,
          body: RoleBody,
          response: responses({ 200: MemberView }),
        },
      },
      async (request) =>
        memberView(await changeMemberRole(ctx, principalOf(request), request.params.id, request.body.role)),
    );

    app.delete(
      '/household/members/:id',
      {
        config,
        schema: {
          tags,
          summary: 'Remove a member (owners only)',
          params: IdParams,
          response: responses({ 204: NoContent }),
        },
      },
      async (request, reply) => {
        await removeMember(ctx, principalOf(request), request.params.id);
        return reply.code(204).send();
      },
    );
  };
