import { useMutation, useQueryClient } from '@tanstack/react-query';
import { AFFECTS, type Resource } from './keys';

/** A write to one resource; once it succeeds, every query that shows what it changed is refetched. */
export function useWrite<Input, Output>(resource: Resource, write: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: () =>
      Promise.all(AFFECTS[resource].map((affected) => queryClient.invalidateQueries({ queryKey: [affected] }))),
  });
}
