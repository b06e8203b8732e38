// "English" / "Deutsch": switches the console language, named in the language it switches to.
import { useI18n } from '../i18n.tsx';
import { useSession } from '../session.tsx';

export function LangSwitch() {
  const { locale } = useI18n();
  const { changeLocale } = useSession();
  const target = locale === 'de' ? 'en' : 'de';
  return (
    <button type="button" className="button-quiet" lang={target} data-testid="lang-switch" onClick={() => changeLocale(target)}>
      {target === 'en' ? 'English' : 'Deutsch'}
    </button>
  );
}
