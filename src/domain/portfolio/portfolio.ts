import { describeMinorUnit, MAJOR_CURRENCY_MESSAGE, readMajorCurrency } from '../currency/currencies.js';
import { FieldErrors } from '../errors.js';
import { notesText, textLength } from '../text.js';

export type CostBasisMethodName = 'average' | 'fifo';

export interface PortfolioFieldValues {
  name: string;
  description: string;
  currency: string;
  costBasisMethod: CostBasisMethodName;
  isActive: boolean;
}

/** Input of a create or update: `undefined` = omitted (unchanged). */
export interface PortfolioPatch {
  name?: string;
  description?: string | null;
  currency?: string;
  costBasisMethod?: string;
  isActive?: boolean;
}

const MAX_NAME = 100;
const MAX_DESCRIPTION = 1000;

export const DEFAULT_PORTFOLIO: PortfolioFieldValues = {
  name: '',
  description: '',
  currency: 'USD',
  costBasisMethod: 'average',
  isActive: true,
};

/** Every rule of product.md section 5 "Portfolios"; returns the new field values or throws a ValidationError. */
export function applyPortfolioPatch(
  current: PortfolioFieldValues,
  patch: PortfolioPatch,
  creating: boolean,
): PortfolioFieldValues {
  const errors = new FieldErrors();
  const next = { ...current };
  if (patch.name !== undefined || creating) {
    const name = (patch.name ?? '').trim();
    if (name === '' || textLength(name) > MAX_NAME) errors.add('name', `Name must be 1-${MAX_NAME} characters`);
    next.name = name;
  }
  const description = notesText(patch.description);
  if (description !== undefined) {
    if (textLength(description) > MAX_DESCRIPTION)
      errors.add('description', `Description must be at most ${MAX_DESCRIPTION} characters`);
    next.description = description;
  }
  if (patch.currency !== undefined) {
    // Holdings and analytics are reported in it, so it is a major currency: a minor unit is a stock's only.
    const currency = readMajorCurrency(patch.currency);
    if (currency.ok) next.currency = currency.code;
    else if (currency.minor === null) errors.add('currency', `Currency ${MAJOR_CURRENCY_MESSAGE}`);
    else
      errors.add(
        'currency',
        `Currency ${describeMinorUnit(currency.minor)}: a portfolio is kept in a major currency, such as ${currency.minor.major}`,
      );
  }
  if (patch.costBasisMethod !== undefined) {
    const method = patch.costBasisMethod.trim().toLowerCase();
    if (method !== 'average' && method !== 'fifo')
      errors.add('cost_basis_method', 'Cost-basis method must be average or fifo');
    else next.costBasisMethod = method;
  }
  if (patch.isActive !== undefined) next.isActive = patch.isActive;
  errors.throwIfAny();
  return next;
}
