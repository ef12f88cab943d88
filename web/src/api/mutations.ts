import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { AFFECTS, type Resource } from './keys';

/** Refetches every query that shows what a change to `resource` reaches. */
export function useRefresh() {
  const queryClient = useQueryClient();
  return useCallback(
    (resource: Resource) =>
      Promise.all(AFFECTS[resource].map((affected) => queryClient.invalidateQueries({ queryKey: [affected] }))),
    [queryClient],
  );
}

/** A write to one resource; once it succeeds, every query that shows what it changed is refetched. */
export function useWrite<Input, Output>(resource: Resource, write: (input: Input) => Promise<Output>) {
  const refresh = useRefresh();
  return useMutation({ mutationFn: write, onSuccess: () => refresh(resource) });
}
