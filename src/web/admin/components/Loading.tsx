// What a page shows while a resource it loads is not there: "loading", or the load's problem.
import { useI18n } from '../i18n.tsx';
import { Problem } from './Problem.tsx';

/** Said (to screen readers too) while something loads. */
export function Loading() {
  const { t } = useI18n();
  return <p role="status">{t('common.loading')}</p>;
}

/** Stands in for a resource not there yet, or not there at all: the load's problem, else "loading". */
export function Pending({ error }: { error: unknown }) {
  return error ? <Problem error={error} /> : <Loading />;
}
