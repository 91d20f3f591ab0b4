import { type ReactNode, useEffect, useRef } from 'react';
import { NetworkError, ProblemError, SessionExpiredError } from '../api';
import { fieldErrorText } from '../field-errors';
import { currentTranslate, useI18n } from '../i18n';
import { problemTitle } from '../problem-titles';

/** What a screen keeps of a failed call: a problem, or the network being down. */
export type ApiFailure = ProblemError | NetworkError | null;

/** Keeps problems and network errors for display; a session that ended is the app's business (login screen). */
export function asFailure(error: unknown): ApiFailure {
  if (error instanceof ProblemError || error instanceof NetworkError) return error;
  if (error instanceof SessionExpiredError) return null;
  throw error;
}

/**
 * The problem's title (in the app's language, by its type), and the field messages that no field of the form shows next to itself
 * (`fields` lists those that do), in an alert read out at once.
 */
export function ProblemAlert({ failure, fields = [] }: { failure: ApiFailure; fields?: readonly string[] }) {
  const { t } = useI18n();
  if (!failure) return null;
  if (failure instanceof NetworkError) {
    return (
      <div className="alert alert-error" role="alert">
        <p>{t('errors.network')}</p>
      </div>
    );
  }
  const shown = (field: string) => fields.some((name) => field === name || field.startsWith(`${name}.`));
  const others = (failure.problem.errors ?? []).filter((error) => !shown(error.field));
  const hasFieldErrors = (failure.problem.errors ?? []).length > others.length;
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{problemTitle(t, failure.problem)}</p>
      {hasFieldErrors && <p>{t('errors.fields')}</p>}
      {others.length > 0 && (
        <ul>
          {others.map((error, index) => (
            <li key={index}>{fieldErrorText(t, error)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * The messages of a field from the last problem (with `withParts`, of its items too: `tags.2`), in the
 * app's language, for `aria-describedby`.
 */
export function fieldErrors(failure: ApiFailure, field: string, withParts = false): string[] {
  if (!(failure instanceof ProblemError)) return [];
  const t = currentTranslate();
  return failure.errorsOf(field, withParts).map((error) => fieldErrorText(t, error));
}

interface FieldProps {
  id: string;
  label: string;
  errors?: string[];
  hint?: string;
  children: (describedBy: string | undefined, invalid: boolean) => ReactNode;
}

/** A label, the control, a hint and the field's error messages, tied together for screen readers. */
export function Field({ id, label, errors = [], hint, children }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors.length > 0 ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={errors.length > 0 ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {children(describedBy, errors.length > 0)}
      {errorId && (
        <p id={errorId} className="field-error">
          {errors.join(' ')}
        </p>
      )}
    </div>
  );
}

/** A screen's title; it takes the focus when the screen opens, so that keyboards and screen readers start there. */
export function PageTitle({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

/** Polite announcements (a call logged, a company given back). */
export function Status({ message }: { message: string }) {
  return (
    <p className="status" role="status" aria-live="polite">
      {message}
    </p>
  );
}
