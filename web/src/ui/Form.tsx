import { createContext, type FormEvent, type ReactNode, useContext, useId } from 'react';
import { ApiError, type FieldProblem } from '../api/client';

const Problems = createContext<FieldProblem[]>([]);

interface FormProps {
  /** Called with the form's values; a rejection with an ApiError is shown in the form. */
  onSubmit: (values: FormData) => void;
  error: unknown;
  busy?: boolean;
  submitLabel?: string;
  children: ReactNode;
  /** Controls shown beside the submit button (Cancel in a dialog). */
  actions?: ReactNode;
  label?: string;
}

/**
 * The one form pattern: uncontrolled inputs (so nothing typed is lost when the server refuses), the
 * envelope's message in an alert and each of its details at the field of that name.
 */
export function Form({ onSubmit, error, busy = false, submitLabel = 'Save', children, actions, label }: FormProps) {
  const problems = error instanceof ApiError ? error.details : [];
  const message = error instanceof ApiError ? error.message : error ? 'Something went wrong. Try again.' : null;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit(new FormData(event.currentTarget));
  };
  return (
    <form onSubmit={submit} noValidate aria-label={label} className="form">
      {message && (
        <p role="alert" className="alert">
          {message}
        </p>
      )}
      <Problems.Provider value={problems}>{children}</Problems.Provider>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
        {actions}
      </div>
    </form>
  );
}

interface FieldProps {
  label: string;
  /** The form value's name, and the envelope's `details[].field` shown here. */
  name: string;
  /** Other `details[].field` names that belong to this control (e.g. a nested path). */
  also?: string[];
  hint?: string;
  children: (control: {
    id: string;
    name: string;
    'aria-invalid': true | undefined;
    'aria-describedby': string | undefined;
  }) => ReactNode;
}

/** A labelled control; the server's message for its field becomes its description, and it is marked invalid. */
export function Field({ label, name, also = [], hint, children }: FieldProps) {
  const id = useId();
  const problems = useContext(Problems).filter((p) => p.field === name || also.includes(p.field));
  const describedBy = [hint ? `${id}-hint` : null, problems.length > 0 ? `${id}-problem` : null].filter(Boolean);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        name,
        'aria-invalid': problems.length > 0 ? true : undefined,
        'aria-describedby': describedBy.length > 0 ? describedBy.join(' ') : undefined,
      })}
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {problems.length > 0 && (
        <p id={`${id}-problem`} className="problem">
          {problems.map((p) => p.message).join('; ')}
        </p>
      )}
    </div>
  );
}

/** The form's text value, or undefined when left blank (the API treats an omitted optional field as unset). */
export function text(values: FormData, name: string): string | undefined {
  const value = values.get(name);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The form's text value for an update: blank clears the field (null). */
export function textOrNull(values: FormData, name: string): string | null {
  return text(values, name) ?? null;
}
