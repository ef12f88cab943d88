import { type TSchema, Type } from 'typebox';
import { MAX_DECIMAL_TEXT } from '../domain/decimal.js';

/** Schemas shared by every route; resource schemas live beside their routes. */

export const NullableString = ({ description, ...options }: { maxLength?: number; description?: string } = {}) =>
  Type.Union([Type.String(options), Type.Null()], description === undefined ? {} : { description });

/** Requests accept decimals as strings or numbers; responses always send strings. */
export const DecimalInput = Type.Union([Type.String({ maxLength: MAX_DECIMAL_TEXT }), Type.Number()], {
  description: 'A decimal as a string ("150.25") or a number',
});
export const DecimalString = Type.String({ description: 'A decimal number as a string, e.g. "150.25"' });

export const Timestamp = Type.String({ format: 'date-time' });

export const IdParams = Type.Object({ id: Type.String() });

export const PageQuery = {
  page: Type.Optional(Type.Integer({ description: 'Page number, from 1', default: 1 })),
  size: Type.Optional(Type.Integer({ description: 'Page size, 1-100', default: 20 })),
  sort: Type.Optional(Type.String({ description: 'field:asc,other:desc' })),
};

export const pageOf = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    size: Type.Integer(),
    pages: Type.Integer(),
  });

export const ErrorEnvelope = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
      request_id: Type.String(),
      timestamp: Timestamp,
    }),
  },
  { $id: 'ErrorEnvelope' },
);

const errorResponses = {
  '4xx': Type.Ref('ErrorEnvelope'),
  '5xx': Type.Ref('ErrorEnvelope'),
};

/** The response map of a route: its success shapes plus the error envelope for every failure. */
export function responses(success: Record<number, TSchema>) {
  return { ...success, ...errorResponses };
}

export const NoContent = Type.Null({ description: 'No content' });
