import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  createHousehold,
  type HouseholdWithOwner,
  login,
  logout,
  me,
  type NewHouseholdInput,
  setup,
  setupNeeded,
} from '../../application/auth.js';
import type { AppContext } from '../../application/context.js';
import { principalOf, SESSION_COOKIE } from '../auth.js';
import { NoContent, responses } from '../schemas.js';

const NewHouseholdBody = Type.Object(
  {
    household_name: Type.String({ maxLength: 1000 }),
    display_name: Type.String({ maxLength: 1000 }),
    email: Type.String({ maxLength: 1000 }),
    password: Type.String({ maxLength: 1000 }),
  },
  { additionalProperties: false },
);

const HouseholdView = Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() });
const UserView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  display_name: Type.String(),
  role: Type.String({ enum: ['owner', 'member', 'viewer'] }),
});
const HouseholdWithOwnerView = Type.Object({ household: HouseholdView, user: UserView });
const SetupStateView = Type.Object({
  needed: Type.Boolean({ description: 'True while no user exists: POST /api/v1/setup would still succeed' }),
});

const LoginBody = Type.Object(
  { email: Type.String({ maxLength: 1000 }), password: Type.String({ maxLength: 1000 }) },
  { additionalProperties: false },
);
const TokenView = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('bearer'),
  expires_in: Type.Integer({ description: 'Seconds until the session expires' }),
});
const MeView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  display_name: Type.String(),
  role: Type.String(),
  household: HouseholdView,
});

function toInput(body: {
  household_name: string;
  display_name: string;
  email: string;
  password: string;
}): NewHouseholdInput {
  return {
    householdName: body.household_name,
    displayName: body.display_name,
    email: body.email,
    password: body.password,
  };
}

function householdView({ household, user }: HouseholdWithOwner) {
  return {
    household: { id: household.id, name: household.name },
    user: { id: user.id, email: user.email, display_name: user.displayName, role: user.role },
  };
}

export const authRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/setup',
      {
        config: { access: 'public' },
        schema: {
          tags: ['households'],
          summary: 'First run: create the first household and its owner (409 once any user exists)',
          body: NewHouseholdBody,
          response: responses({ 201: HouseholdWithOwnerView }),
        },
      },
      async (request, reply) => reply.code(201).send(householdView(await setup(ctx, toInput(request.body)))),
    );

    app.get(
      '/setup',
      {
        config: { access: 'public' },
        schema: {
          tags: ['households'],
          summary: 'Whether the first-run setup is still to be done',
          response: responses({ 200: SetupStateView }),
        },
      },
      async () => ({ needed: await setupNeeded(ctx) }),
    );

    app.post(
      '/households',
      {
        config: { access: 'optional' },
        schema: {
          tags: ['households'],
          summary: 'Create another household (administrator, or anyone when ALLOW_SIGNUP=true)',
          body: NewHouseholdBody,
          response: responses({ 201: HouseholdWithOwnerView }),
        },
      },
      async (request, reply) =>
        reply.code(201).send(householdView(await createHousehold(ctx, request.principal, toInput(request.body)))),
    );

    app.post(
      '/auth/login',
      {
        config: { access: 'public' },
        schema: { tags: ['auth'], summary: 'Log in', body: LoginBody, response: responses({ 200: TokenView }) },
      },
      async (request, reply) => {
        const session = await login(ctx, request.body, request.ip);
        reply.setCookie(SESSION_COOKIE, session.token, {
          httpOnly: true,
          sameSite: 'lax',
          secure: 'auto',
          path: '/',
          maxAge: session.expiresIn,
        });
        return { access_token: session.token, token_type: 'bearer' as const, expires_in: session.expiresIn };
      },
    );

    app.post(
      '/auth/logout',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['auth'],
          summary: 'Log out: the session is revoked at once',
          response: responses({ 204: NoContent }),
        },
      },
      async (request, reply) => {
        await logout(ctx, principalOf(request));
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.code(204).send();
      },
    );

    app.get(
      '/auth/me',
      {
        config: { access: 'authenticated' },
        schema: { tags: ['auth'], summary: 'The logged-in user', response: responses({ 200: MeView }) },
      },
      async (request) => {
        const { user, household } = await me(ctx, principalOf(request));
        return {
          id: user.id,
          email: user.email,
          display_name: user.displayName,
          role: user.role,
          household: { id: household.id, name: household.name },
        };
      },
    );
  };
