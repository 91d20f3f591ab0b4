import type { Ref } from 'react';
import { Field } from './feedback';

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The API's messages for this field. */
  errors?: string[];
  hint?: string;
  type?: string;
  autoComplete?: string;
  name?: string;
  /** A field the form cannot be sent without (the API says the rest). */
  required?: boolean;
  inputMode?: 'numeric';
  inputRef?: Ref<HTMLInputElement>;
}

/** A labelled text input with its hint and the API's messages next to it: every text field of a form sent to the API. */
export function TextField({ id, label, value, onChange, errors, hint, type = 'text', autoComplete, name, required = true, inputMode, inputRef }: TextFieldProps) {
  return (
    <Field id={id} label={label} errors={errors} hint={hint}>
      {(describedBy, invalid) => (
        <input
          ref={inputRef}
          id={id}
          type={type}
          name={name}
          inputMode={inputMode}
          autoComplete={autoComplete}
          required={required}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
        />
      )}
    </Field>
  );
}
