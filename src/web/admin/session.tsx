// The signed-in staff member: start-up check, sign-in, sign-out, language and app-wide API reactions.
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, setApiHandlers, setCsrfToken } from './api.ts';
import { useI18n } from './i18n.tsx';
import { paths } from './routes.ts';
import { navigate } from './router.tsx';
import type { Locale, Me, SignInResult, User } from './types.ts';

export type SessionState = { status: 'loading' } | { status: 'anonymous' } | { status: 'signedIn'; me: Me };

export interface Session {
  state: SessionState;
  /** The tenant demanded two-factor sign-in and this account has none yet. */
  mfaRequired: boolean;
  signedIn: (result: SignInResult) => Promise<Me>;
  refreshMe: () => Promise<Me>;
  updateUser: (user: User) => void;
  signOut: () => Promise<void>;
  changeLocale: (locale: Locale) => void;
}

// Remembers that this browser signed in, so a signed-out visit does not probe /me (and log a 401).
const HINT_KEY = 'civicast.signedIn';
const TENANT_KEY = 'civicast.tenant';

// localStorage can be unavailable (privacy modes); then these remember nothing
function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {}
}

const hasHint = () => read(HINT_KEY) === '1';
const setHint = (on: boolean) => write(HINT_KEY, on ? '1' : null);
export const rememberTenant = (slug: string) => write(TENANT_KEY, slug);
export const lastTenant = () => read(TENANT_KEY);

export const SessionContext = createContext<Session | null>(null);

export function useSessionController(): Session {
  const { setLocale } = useI18n();
  const [state, setState] = useState<SessionState>(() => (hasHint() ? { status: 'loading' } : { status: 'anonymous' }));
  const [mfaRequired, setMfaRequired] = useState(false);
  const queryClient = useQueryClient();

  const becomeAnonymous = useCallback(() => {
    // Nothing one staff member loaded may still be on screen for the next one at this browser.
    queryClient.clear();
    setCsrfToken(null);
    setHint(false);
    setMfaRequired(false);
    setState({ status: 'anonymous' });
  }, [queryClient]);

  const refreshMe = useCallback(async () => {
    const me = await api.get<Me>('/api/v1/me', { quiet: true });
    setCsrfToken(me.csrfToken);
    setHint(true);
    if (me.user.totpEnabled) setMfaRequired(false);
    setState({ status: 'signedIn', me });
    return me;
  }, []);

  const signedIn = useCallback(
    async (result: SignInResult) => {
      setCsrfToken(result.csrfToken);
      setLocale(result.user.locale); // the account's stored language wins after sign-in
      return refreshMe();
    },
    [refreshMe, setLocale],
  );

  useEffect(() => {
    if (!hasHint()) return;
    refreshMe()
      .then((me) => setLocale(me.user.locale))
      .catch(becomeAnonymous);
  }, [refreshMe, setLocale, becomeAnonymous]);

  useEffect(() => {
    setApiHandlers({
      unauthenticated: () => {
        becomeAnonymous();
        const here = window.location.pathname + window.location.search;
        navigate(paths.login(here.startsWith('/admin/login') ? undefined : here), { replace: true });
      },
      mfaRequired: () => setMfaRequired(true),
    });
  }, [becomeAnonymous]);

  const updateUser = useCallback((user: User) => {
    setState((s) => (s.status === 'signedIn' ? { status: 'signedIn', me: { ...s.me, user } } : s));
    if (user.totpEnabled) setMfaRequired(false);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.post('/api/v1/auth/logout');
    } catch {
      // the session is gone either way
    }
    becomeAnonymous();
    navigate(paths.login(), { replace: true });
  }, [becomeAnonymous]);

  const changeLocale = useCallback(
    (locale: Locale) => {
      setLocale(locale);
      if (state.status !== 'signedIn') return;
      api
        .patch<{ user: User }>('/api/v1/me', { locale })
        .then((res) => updateUser(res.user))
        .catch(() => undefined); // the local choice still applies
    },
    [setLocale, state.status, updateUser],
  );

  return useMemo(
    () => ({ state, mfaRequired, signedIn, refreshMe, updateUser, signOut, changeLocale }),
    [state, mfaRequired, signedIn, refreshMe, updateUser, signOut, changeLocale],
  );
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionContext.Provider>');
  return session;
}

/** For pages that only render when signed in. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('useMe needs a signed-in session');
  return state.me;
}
