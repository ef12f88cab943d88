import { useQuery } from '@tanstack/react-query';
import { api, type Item, unwrap } from '../client';
import { key } from '../keys';
import { useWrite } from '../mutations';

export type Member = Item<'/api/v1/household/members'>;
export type Role = Member['role'];

export const ROLES: readonly { value: Role; label: string }[] = [
  { value: 'owner', label: 'Owner' },
  { value: 'member', label: 'Member' },
  { value: 'viewer', label: 'Viewer' },
];

export interface NewMember {
  email: string;
  display_name: string;
  password: string;
  role: string;
}

/** The household's members in the order they joined (a household has far fewer than a page of 100). */
export function useMembers() {
  const query = { page: 1, size: 100, sort: 'created_at:asc' };
  return useQuery({
    queryKey: key('members', 'list', query),
    queryFn: () => unwrap(api.GET('/api/v1/household/members', { params: { query } })),
  });
}

export function useAddMember() {
  return useWrite('members', (body: NewMember) => unwrap(api.POST('/api/v1/household/members', { body })));
}

export function useChangeRole() {
  return useWrite('members', ({ id, role }: { id: string; role: Role }) =>
    unwrap(api.PATCH('/api/v1/household/members/{id}', { params: { path: { id } }, body: { role } })),
  );
}

export function useRemoveMember() {
  return useWrite('members', (id: string) =>
    unwrap(api.DELETE('/api/v1/household/members/{id}', { params: { path: { id } } })),
  );
}
