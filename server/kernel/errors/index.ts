/**
 * One error class with stable codes. Services throw AppError; the HTTP error handler turns it
 * (and zod errors, unique violations, body-size errors) into `{ code, message, details }` in the
 * request's language, and hides 5xx details.
 */
export type ErrorCode = string;

export type FieldError = { path: string; message: string; code?: string };

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    public readonly status: number,
    public readonly details: Record<string, unknown> = {},
    /** i18n key for the message; defaults to a generic one by status. */
    public readonly messageKey?: string,
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export const notFound = (what: string, details: Record<string, unknown> = {}) =>
  new AppError(`${what.toUpperCase()}_NOT_FOUND`, 404, details, 'error.not_found');
export const forbidden = (details: Record<string, unknown> = {}) => new AppError('FORBIDDEN', 403, details, 'error.forbidden');
export const unauthenticated = () => new AppError('UNAUTHENTICATED', 401, {}, 'error.unauthenticated');
export const conflict = (details: Record<string, unknown> = {}) => new AppError('CONFLICT', 409, details, 'error.conflict');

/** A 400 with field-level messages produced by the service (rules zod cannot express). */
export class FieldValidationError extends AppError {
  constructor(public readonly fields: { path: string; messageKey: string; params?: Record<string, unknown> }[]) {
    super('VALIDATION_FAILED', 400, {}, 'error.validation');
  }
}

export function isUniqueViolation(e: unknown): e is { code: string; constraint?: string } {
  const err = e as { code?: string; cause?: { code?: string } };
  return err?.code === '23505' || err?.cause?.code === '23505';
}
