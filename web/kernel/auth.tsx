/**
 * The signed-in user: GET /api/auth/me (null when logged out), login, logout, profile updates, and
 * `can(permission)` from the `can` list the server sends (menus and buttons are shown by it; the
 * server still checks every request).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me } from '../../common/core';
import { api, isApiError, setUnauthenticatedHandler } from './api';
import { useI18n, type Lang } from './i18n';

export type { Me };
export type UpdateMeInput = { fullName?: string; locale?: Lang; currentPassword?: string; newPassword?: string };

type AuthValue = {
  me: Me | null;
  loading: boolean;
  login(username: string, password: string): Promise<Me>;
  logout(): Promise<void>;
  updateMe(input: UpdateMeInput): Promise<Me>;
  /** Whether the user holds this permission somewhere (admins hold all). */
  can(permission?: string): boolean;
  refresh(): Promise<unknown>;
};

export const ME_KEY = ['auth', 'me'] as const;

/**
 * A language picked while signed out (on the login page) is the user's latest word: the login then
 * writes it into the profile instead of letting the profile's older choice switch the screen back.
 * Kept in localStorage so a reload of the login page does not forget it.
 */
const CHOSEN_KEY = 'dv.lang.chosen';
export function rememberSignedOutLanguage(l: Lang): void {
  try { localStorage.setItem(CHOSEN_KEY, l); } catch { /* private mode */ }
}
function takeSignedOutLanguage(): Lang | null {
  try {
    const v = localStorage.getItem(CHOSEN_KEY);
    localStorage.removeItem(CHOSEN_KEY);
    return v === 'vi' || v === 'en' ? v : null;
  } catch { return null; }
}
const AuthContext = createContext<AuthValue | null>(null);

async function fetchMe(): Promise<Me | null> {
  try {
    return await api.get<Me>('/auth/me');
  } catch (e) {
    if (isApiError(e) && e.status === 401) return null;
    throw e;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const { lang, setLang } = useI18n();
  const q = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000, retry: 1 });
  const me = q.data ?? null;

  // Nothing of a previous user stays in the cache (the `me` query itself is replaced, not removed,
  // so the components watching it never see a gap).
  const forgetOthers = useCallback(() => qc.removeQueries({ predicate: (x) => x.queryKey[0] !== ME_KEY[0] }), [qc]);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      if (qc.getQueryData(ME_KEY)) {
        qc.setQueryData(ME_KEY, null);
        forgetOthers();
      }
    });
    return () => setUnauthenticatedHandler(null);
  }, [qc, forgetOthers]);

  // The profile's language wins once known (it follows the user from device to device); what the
  // server wrote in the other language (labels, messages) is fetched again.
  useEffect(() => {
    if (me && me.locale !== lang) {
      setLang(me.locale);
      void qc.invalidateQueries({ predicate: (x) => x.queryKey[0] !== ME_KEY[0] });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me?.id, me?.locale]);

  const login = useCallback(async (username: string, password: string) => {
    let m = await api.post<Me>('/auth/login', { username, password });
    const chosen = takeSignedOutLanguage();
    if (chosen && chosen !== m.locale) {
      try { m = await api.patch<Me>('/auth/me', { locale: chosen }); } catch { /* the screen keeps the choice; the profile follows next time */ }
    }
    forgetOthers();
    qc.setQueryData(ME_KEY, m);
    return m;
  }, [qc, forgetOthers]);

  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } finally {
      qc.setQueryData(ME_KEY, null);
      forgetOthers();
    }
  }, [qc, forgetOthers]);

  const updateMe = useCallback(async (input: UpdateMeInput) => {
    const m = await api.patch<Me>('/auth/me', input);
    qc.setQueryData(ME_KEY, m);
    return m;
  }, [qc]);

  const can = useCallback((p?: string) => !p || (!!me && (me.isAdmin || me.can.includes(p))), [me]);

  const value = useMemo<AuthValue>(() => ({ me, loading: q.isPending, login, logout, updateMe, can, refresh: q.refetch }),
    [me, q.isPending, login, logout, updateMe, can, q.refetch]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}

/** Switch the interface language: here at once, and in the profile when logged in. */
export function useSwitchLanguage(): (l: Lang) => void {
  const { setLang } = useI18n();
  const { me, updateMe } = useAuth();
  const qc = useQueryClient();
  return useCallback((l: Lang) => {
    setLang(l);
    if (!me) { rememberSignedOutLanguage(l); return; }
    // Server-rendered text (period labels, flag reasons, error messages) is asked for again in the new language.
    void qc.invalidateQueries({ predicate: (x) => x.queryKey[0] !== ME_KEY[0] });
    if (me.locale !== l) updateMe({ locale: l }).catch(() => { /* kept locally; the profile follows next time */ });
  }, [setLang, me, updateMe, qc]);
}
