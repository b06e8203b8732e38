// Turns an API problem into a translated sentence; two-factor demands link to the account page.
import { ApiError } from '../api.ts';
import { type I18n, useI18n } from '../i18n.tsx';
import { paths } from '../routes.ts';
import { Link } from '../router.tsx';

export function problemMessage(error: unknown, { t, tOr }: I18n): string {
  if (!(error instanceof ApiError)) return t('error.generic');
  const known = tOr(`error.${error.code}`, '');
  if (known) return known;
  return error.detail ? `${t('error.generic')} (${error.detail})` : t('error.generic');
}

interface ProblemProps {
  error: unknown;
  id?: string;
}

/** A form- or page-level error, announced when it appears. */
export function Problem({ error, id }: ProblemProps) {
  const i18n = useI18n();
  if (!error) return null;
  const mfa = error instanceof ApiError && error.code === 'mfa_enrolment_required';
  return (
    <div className="alert alert-error" role="alert" id={id}>
      <p>{problemMessage(error, i18n)}</p>
      {mfa ? (
        <p>
          <Link to={paths.account}>{i18n.t('mfa.setupLink')}</Link>
        </p>
      ) : null}
    </div>
  );
}

/** A short confirmation after saving. */
export function Success({ children }: { children: string | null }) {
  return (
    <div role="status" className={children ? 'alert alert-success' : 'visually-hidden'}>
      {children}
    </div>
  );
}
