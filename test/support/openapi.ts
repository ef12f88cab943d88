/** The operations of the service's own `/openapi.json`, as the hostile-input suites walk them. */
export interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  query: Array<{ name: string; schema: JsonSchema }>;
  body: JsonSchema | null;
}

export type JsonSchema = Record<string, any>;

export function operationsOf(doc: { paths: Record<string, Record<string, any>> }): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const parameters = (op.parameters ?? []) as Array<{ in: string; name: string; schema: JsonSchema }>;
      return {
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema })),
        body: (op.requestBody?.content?.['application/json']?.schema as JsonSchema | undefined) ?? null,
      };
    }),
  );
}

/** `path` with each `{param}` replaced by `idFor(param)`. */
export function fillPath(path: string, idFor: (param: string) => string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => idFor(name));
}
