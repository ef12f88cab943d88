/**
 * The one error hierarchy of StockBook. Every layer throws these; the HTTP layer maps each `code` to
 * its status and the error envelope (product.md section 4).
 */
export interface FieldError {
  field: string;
  message: string;
}

export type ErrorCode =
  | 'VALIDATION_ERROR'
  | 'AUTHENTICATION_REQUIRED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'BUSINESS_RULE_VIOLATION'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'INTERNAL_ERROR'
  | 'SERVICE_UNAVAILABLE';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: FieldError[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(details: FieldError[], message = 'The request is not valid') {
    super('VALIDATION_ERROR', message, details);
  }

  static field(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }
}

export class AuthenticationError extends AppError {
  constructor(message = 'Authentication is required') {
    super('AUTHENTICATION_REQUIRED', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Your role does not allow this') {
    super('FORBIDDEN', message);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} not found`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details: FieldError[] = []) {
    super('CONFLICT', message, details);
  }
}

export class BusinessRuleError extends AppError {
  constructor(message: string, details: FieldError[] = []) {
    super('BUSINESS_RULE_VIOLATION', message, details);
  }
}

export class RateLimitedError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    message = 'Too many requests, try again later',
  ) {
    super('RATE_LIMITED', message);
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(message = 'The service is temporarily unavailable') {
    super('SERVICE_UNAVAILABLE', message);
  }
}

/** Collects field errors so a request reports every problem at once, not just the first. */
export class FieldErrors {
  readonly items: FieldError[] = [];

  add(field: string, message: string): void {
    this.items.push({ field, message });
  }

  throwIfAny(): void {
    if (this.items.length > 0) throw new ValidationError(this.items);
  }
}

/** A broken internal invariant (a bug or corrupt data): logged, and answered as a plain 500. */
export class InvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvariantError';
  }
}
