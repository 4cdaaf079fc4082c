import type { FieldError } from '../../api/validation/field-error.js';

/**
 * A label selector that cannot be parsed or built; `message` is upstream's text (callers turn it
 * into a 400 BadRequest), `fieldErrors` the validation errors behind it when there are any.
 */
export class LabelSelectorError extends Error {
  override readonly name = 'LabelSelectorError';
  readonly fieldErrors: readonly FieldError[];

  constructor(message: string, fieldErrors: readonly FieldError[] = []) {
    super(message);
    this.fieldErrors = fieldErrors;
  }
}
