import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import fr from './messages/fr.json';
import { type Messages, type Translate, translator } from './translate';

export type { MessageKey, Translate } from './translate';

// French first: fr.json ships with the first screen; en.json is a separate chunk loaded on demand.
export type Language = 'fr' | 'en';

const LANGUAGE_KEY = 'filon.language';
const loaders: Record<Language, () => Promise<Messages>> = {
  fr: async () => fr,
  en: async () => (await import('./messages/en.json')).default,
};

// The mounted provider's translator, for helpers that screens call while rendering without passing
// `t` (fieldErrors): every screen re-renders when the language changes, and reads the new one.
let active: Translate = translator(fr);

/** The translator of the language shown now. */
export const currentTranslate = (): Translate => active;

interface I18n {
  language: Language;
  t: Translate;
  setLanguage: (language: Language) => void;
  formatDateTime: (iso: string) => string;
  formatDate: (day: string) => string;
  formatTime: (iso: string) => string;
}

const I18nContext = createContext<I18n | null>(null);

function storedLanguage(): Language {
  try {
    return localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'fr';
  } catch {
    return 'fr';
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(storedLanguage);
  const [messages, setMessages] = useState<Messages>(fr);

  useEffect(() => {
    let current = true;
    void loaders[language]().then((loaded) => current && setMessages(loaded));
    document.documentElement.lang = language;
    return () => {
      current = false;
    };
  }, [language]);

  const setLanguage = useCallback((next: Language) => {
    try {
      localStorage.setItem(LANGUAGE_KEY, next);
    } catch {
      // Private browsing: the choice lasts for this page only.
    }
    setLanguageState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const locale = language === 'fr' ? 'fr-FR' : 'en-GB';
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
    const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    const t = translator(messages);
    active = t;
    return {
      language,
      setLanguage,
      t,
      formatDateTime: (iso) => dateTime.format(new Date(iso)),
      formatTime: (iso) => time.format(new Date(iso)),
      // Calendar days (YYYY-MM-DD) have no zone: read and shown as UTC so that they never shift.
      formatDate: (day) => date.format(new Date(`${day}T00:00:00Z`)),
    };
  }, [language, messages, setLanguage]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
