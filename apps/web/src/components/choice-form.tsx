import { useState } from 'react';

interface ChoiceFormProps<T extends string> {
  id: string;
  /** The select's name for screen readers (hidden): « Statut de « Apprenti boulanger » ». */
  label: string;
  choices: readonly T[];
  current: T;
  labelOf: (choice: T) => string;
  /** The button's text, followed by `subject` for screen readers only. */
  submit: string;
  subject: string;
  /** Sends the change; the form stays disabled until it settles. */
  onSubmit: (choice: T) => Promise<void>;
}

/** One value of a list item changed in place (an offer's status, a member's role): a select and its button. */
export function ChoiceForm<T extends string>({ id, label, choices, current, labelOf, submit, subject, onSubmit }: ChoiceFormProps<T>) {
  const [choice, setChoice] = useState<T>(current);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        void onSubmit(choice).finally(() => setBusy(false));
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <select id={id} value={choice} onChange={(event) => setChoice(event.target.value as T)}>
        {choices.map((value) => (
          <option key={value} value={value}>
            {labelOf(value)}
          </option>
        ))}
      </select>
      <button type="submit" disabled={busy || choice === current}>
        {submit}
        <span className="visually-hidden"> : {subject}</span>
      </button>
    </form>
  );
}
