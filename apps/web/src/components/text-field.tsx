import { Field } from './feedback';

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The API's messages for this field. */
  errors?: string[];
  hint?: string;
  type?: 'text' | 'email' | 'password' | 'search';
  autoComplete?: string;
  name?: string;
}

/** A labelled text input with its hint and the API's messages next to it (a required field of a form sent to the API). */
export function TextField({ id, label, value, onChange, errors, hint, type = 'text', autoComplete, name }: TextFieldProps) {
  return (
    <Field id={id} label={label} errors={errors} hint={hint}>
      {(describedBy, invalid) => (
        <input
          id={id}
          type={type}
          name={name}
          autoComplete={autoComplete}
          required
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
        />
      )}
    </Field>
  );
}
