/**
 * A tiny i18n: `t(key, params)` over two dictionaries, `vi` (default, complete) and `en` (complete).
 * The kernel's own strings are in `messages.ts`; each web module adds its own through its
 * `messages` (see web/modules/index.ts), built with `defineMessages` so the compiler checks that
 * English has every Vietnamese key. `{name}` placeholders are replaced from `params`.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import { coreMessages } from './messages';

export type Lang = 'vi' | 'en';
export const LANGS: Lang[] = ['vi', 'en'];
export type Dict = Record<string, string>;
export type Messages = { vi: Dict; en: Dict };
export type Params = Record<string, string | number | null | undefined>;
export type TFunction = (key: string, params?: Params) => string;

/** Both dictionaries with the same keys: the compiler rejects an English dictionary missing a key. */
export function defineMessages<K extends string>(vi: Record<K, string>, en: Record<K, string>): Messages {
  return { vi, en };
}

const dicts: Record<Lang, Dict> = { vi: {}, en: {} };
export function addMessages(m: Messages): void {
  Object.assign(dicts.vi, m.vi);
  Object.assign(dicts.en, m.en);
}
addMessages(coreMessages);

export function hasMessage(key: string): boolean {
  return key in dicts.vi;
}

const LANG_KEY = 'dv.lang';
function storedLang(): Lang {
  try {
    const v = localStorage.getItem(LANG_KEY);
    return v === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

let current: Lang = storedLang();
dayjs.locale(current === 'vi' ? 'vi' : 'en');
if (typeof document !== 'undefined') document.documentElement.lang = current;

/** The current language, for code outside React (the api client's X-Lang header). */
export function getLang(): Lang {
  return current;
}

export function translate(lang: Lang, key: string, params?: Params): string {
  const text = dicts[lang][key] ?? dicts.vi[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, p: string) => (params[p] === undefined || params[p] === null ? m : String(params[p])));
}

/** `t` in the current language, for code outside React; components use `useT()` to re-render on a switch. */
export const t: TFunction = (key, params) => translate(current, key, params);

type I18nValue = { lang: Lang; setLang: (l: Lang) => void; t: TFunction };
const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(current);
  const setLang = useCallback((l: Lang) => {
    current = l;
    dayjs.locale(l === 'vi' ? 'vi' : 'en');
    document.documentElement.lang = l;
    try {
      localStorage.setItem(LANG_KEY, l);
    } catch {
      /* private mode: the choice lasts this page only */
    }
    setLangState(l);
  }, []);
  const value = useMemo<I18nValue>(() => ({ lang, setLang, t: (key, params) => translate(lang, key, params) }), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

export function useT(): TFunction {
  return useI18n().t;
}
