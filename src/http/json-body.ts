import type { FastifyBodyParser, FastifyInstance } from 'fastify';
import { ValidationError } from '../domain/errors.js';

/** No request body of StockBook nests more than a few levels; this leaves room and bounds every walk. */
const MAX_JSON_DEPTH = 64;

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * How deeply the JSON text nests, read in one pass over its characters, stopping as soon as the depth
 * passes `limit`. Brackets inside strings do not count. Malformed text is left to the parser.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}

/**
 * Whether the text has more than `limit` opening braces and brackets (those inside strings count too: a bound,
 * not a parse). A large body of tiny containers (a million `{}`) would fill the heap as it parses, so an import
 * counts them before it parses.
 */
export function containersExceed(text: string, limit: number): boolean {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c === OPEN_OBJECT || c === OPEN_ARRAY) && ++count > limit) return true;
  }
  return false;
}

/**
 * Fastify's own JSON parser (secure against prototype poisoning), behind a depth check that runs
 * before anything parses or walks the body: nesting past the limit is a 400, not a stack overflow in
 * whatever walks it next.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, depthCheckedJsonParser(app));
}

/** The parser itself, for a route plugin that puts a check of its own in front of it. */
export function depthCheckedJsonParser(app: FastifyInstance): FastifyBodyParser<string> {
  const parse = app.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    if (jsonDepthExceeds(body as string, MAX_JSON_DEPTH)) {
      done(ValidationError.field('body', `must not nest more than ${MAX_JSON_DEPTH} levels deep`), undefined);
      return;
    }
    parse(request, body as string, done);
  };
}
