import fr from './messages/fr.json';

// French first: fr.json ships with the first screen and completes any other language.
export type MessageKey = keyof typeof fr;
export type Messages = Record<MessageKey, string>;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Looks a key up in `messages` (French for one missing), with its {params}. */
export function translator(messages: Messages): Translate {
  return (key, params) => {
    const text = messages[key] ?? fr[key] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
  };
}

/** Whether `key` is a message of the app (a key built from an API code may not be). */
export const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(fr, key);
