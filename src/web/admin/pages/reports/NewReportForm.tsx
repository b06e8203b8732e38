// Staff file a report by hand (from a phone call or at the counter): category and its extra fields, description,
// the place (address search, a click on the map, or coordinates), and who reports it (anonymous, e-mail or phone;
// status messages go there in the chosen language). The server checks the place lies in the municipality.
import { Options } from '../../components/Pickers.tsx';
import { lazy, type FormEvent, Suspense, useEffect, useState } from 'react';
import type { ConversationDetail } from '../../../../common/contracts/inbox.ts';
import { REPORT_DESCRIPTION_MAX } from '../../../../common/report-settings.ts';
import { api } from '../../api.ts';
import { SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { SubmitButton, useSubmit } from '../../components/Form.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link, navigate } from '../../router.tsx';
import { AddressSearch } from './AddressSearch.tsx';
import { type AttributeValues, AttributeFields, attributesBody, missingAttributes } from './AttributeFields.tsx';
import { focusFirst, reportFieldErrors } from './errors.ts';
import { type ReportsContext, reportsBase, useReportLookups } from './types.ts';
import { Loading } from '../../components/Loading.tsx';
import { Fieldset } from '../../components/Fieldset.tsx';

const LocationPicker = lazy(() => import('./LocationPicker.tsx'));

type ContactKind = 'anonymous' | 'email' | 'phone' | 'resident';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The conversation a report is filed from (Posteingang → "Als Meldung erfassen"), named in the page's query. */
function conversationOfQuery(): string | null {
  const id = new URLSearchParams(window.location.search).get('conversation');
  return id && UUID.test(id) ? id : null;
}
const idOf = (key: string) =>
  key.startsWith('attributes.') ? `attr-${key.slice(11)}` : key.startsWith('contact.') ? 'new-contact-value' : `new-${key.split('.')[0]}`;

export function NewReportForm({ ctx }: { ctx: ReportsContext }) {
  const { t } = useI18n();
  const lookups = useReportLookups(ctx.slug);
  const categories = lookups.categories.filter((c) => c.active);
  const [categoryId, setCategoryId] = useState('');
  const [description, setDescription] = useState('');
  const [attributes, setAttributes] = useState<AttributeValues>({});
  const [lat, setLat] = useState('');
  const [lng, setLng] = useState('');
  const [address, setAddress] = useState('');
  const [kind, setKind] = useState<ContactKind>('anonymous');
  const [contact, setContact] = useState('');
  const [name, setName] = useState('');
  const [language, setLanguage] = useState<'de' | 'en'>('de');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [conversationId] = useState(conversationOfQuery);
  const [residentId, setResidentId] = useState<string | null>(null);
  // from a conversation: its messages become the description and its contact the reporter (they hear of the status)
  useEffect(() => {
    if (!conversationId) return;
    let live = true;
    api
      .get<ConversationDetail>(`/api/v1/tenants/${encodeURIComponent(ctx.slug)}/inbox/conversations/${conversationId}`)
      .then((c) => {
        if (!live) return;
        const text = c.items
          .filter((i) => i.kind === 'inbound')
          .map((i) => i.body.trim())
          .filter(Boolean)
          .join('\n\n');
        setDescription((d) => d || text.slice(0, REPORT_DESCRIPTION_MAX));
        if (c.contact.kind === 'resident' && c.contact.residentId) {
          setKind('resident');
          setResidentId(c.contact.residentId);
          setName(c.contact.name ?? '');
        } else if (c.contact.address) {
          setKind(c.contact.kind === 'email' ? 'email' : 'phone');
          setContact(c.contact.address);
          setName(c.contact.name ?? '');
        }
        if (c.language === 'en') setLanguage('en');
      })
      .catch(() => {
        // the form works without it: staff type what the conversation says
      });
    return () => {
      live = false;
    };
  }, [conversationId, ctx.slug]);
  const { handle, error, busy, reset } = useSubmit();
  const errors = { ...reportFieldErrors(error), ...local };
  const category = categories.find((c) => c.id === categoryId) ?? null;
  // a field's own check goes away as soon as it is changed
  const clear = (prefix: string) => setLocal((l) => Object.fromEntries(Object.entries(l).filter(([k]) => !k.startsWith(prefix))));
  const num = (s: string) => (/^-?\d+([.,]\d+)?$/.test(s.trim()) ? Number(s.trim().replace(',', '.')) : null);
  /** A control's change that also clears its own check (found under `prefix`). */
  const clearing =
    <T,>(prefix: string, set: (value: T) => void) =>
    (value: T) => {
      clear(prefix);
      set(value);
    };
  const pick = (la: number, ln: number) => {
    clear('location');
    setLat(String(Math.round(la * 1e6) / 1e6));
    setLng(String(Math.round(ln * 1e6) / 1e6));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!category) found.categoryId = t('reports.new.categoryMissing');
    if (!description.trim()) found.description = t('reports.new.descriptionMissing');
    if (num(lat) === null || num(lng) === null) found.location = t('reports.new.locationMissing');
    for (const key of category ? missingAttributes(category.fields, attributes) : []) found[key] = t('reports.new.required');
    if (kind !== 'anonymous' && !contact.trim()) found['contact.value'] = t(kind === 'email' ? 'reports.new.emailMissing' : 'reports.new.phoneMissing');
    setLocal(found);
    if (Object.keys(found).length) {
      reset();
      focusFirst(Object.keys(found).map(idOf));
      return;
    }
    handle(async () => {
      const who =
        kind === 'resident' && residentId
          ? { kind, residentId }
          : kind === 'anonymous' || kind === 'resident'
            ? { kind: 'anonymous' as const }
            : { kind, ...(kind === 'email' ? { email: contact.trim() } : { phone: contact.trim() }), ...(name.trim() ? { name: name.trim() } : {}) };
      try {
        const filed = await api.post<{ id: string; number: number }>(reportsBase(ctx.slug), {
          categoryId,
          description: description.trim(),
          location: { lat: num(lat), lng: num(lng) },
          ...(address.trim() ? { address: address.trim() } : {}),
          attributes: attributesBody(category?.fields ?? [], attributes),
          contact: who,
          language,
          ...(conversationId ? { conversationId } : {}),
        });
        navigate(paths.report(ctx.slug, filed.id));
      } catch (err) {
        focusFirst(Object.keys(reportFieldErrors(err)).map(idOf));
        throw err;
      }
    })();
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="new-report-heading" data-testid="report-new-form">
      <p>
        <Link to={paths.reports(ctx.slug)}>{t('reports.back')}</Link>
      </p>
      <h2 id="new-report-heading">{t('reports.new.title')}</h2>
      <p className="hint">{t('reports.new.intro')}</p>
      {conversationId ? (
        <p className="hint" data-testid="new-from-conversation">
          <Link to={paths.conversation(ctx.slug, conversationId)}>{t('reports.new.fromConversation')}</Link>
        </p>
      ) : null}
      <Problem error={error} />
      <SelectField
        id="new-categoryId"
        label={t('reports.col.category')}
        value={categoryId}
        onValue={clearing('categoryId', setCategoryId)}
        error={errors.categoryId}
        data-testid="new-category"
      >
        <Options
          blank={t('reports.new.choose')}
          choices={categories.map((c) => ({ value: c.id, label: c.groupName ? `${c.groupName}: ${c.name}` : c.name }))}
        />
      </SelectField>
      <TextArea
        id="new-description"
        rows={4}
        label={t('reports.description')}
        value={description}
        maxLength={REPORT_DESCRIPTION_MAX}
        onValue={clearing('description', setDescription)}
        error={errors.description}
        data-testid="new-description"
      />
      {category ? <AttributeFields fields={category.fields} values={attributes} onChange={clearing('attributes.', setAttributes)} errors={errors} /> : null}
      <Fieldset legend={t('reports.place')}>
        <AddressSearch
          slug={ctx.slug}
          onPick={(label, la, ln) => {
            setAddress(label);
            pick(la, ln);
          }}
        />
        <p className="hint" id="new-location-hint">
          {t('reports.new.mapHint')}
        </p>
        <Suspense fallback={<Loading />}>
          <LocationPicker slug={ctx.slug} lat={num(lat)} lng={num(lng)} label={t('reports.new.mapLabel')} describedBy="new-location-hint" onPick={pick} />
        </Suspense>
        <div className="report-filters">
          <TextField
            id="new-location"
            label={t('reports.new.lat')}
            inputMode="decimal"
            value={lat}
            onValue={clearing('location', setLat)}
            error={errors.location ?? errors['location.lat'] ?? errors['location.lng']}
            data-testid="new-lat"
          />
          <TextField id="new-lng" label={t('reports.new.lng')} inputMode="decimal" value={lng} onValue={clearing('location', setLng)} data-testid="new-lng" />
        </div>
        <TextField
          id="new-address"
          label={t('reports.new.address')}
          hint={t('reports.new.addressHint')}
          value={address}
          maxLength={200}
          onValue={setAddress}
          error={errors.address}
        />
      </Fieldset>
      <Fieldset legend={t('reports.contact.title')}>
        <SelectField
          id="new-contact"
          label={t('reports.new.contactKind')}
          value={kind}
          onChange={(e) => setKind(e.target.value as ContactKind)}
          data-testid="new-contact-kind"
        >
          {residentId ? <option value="resident">{t('reports.new.resident', { name: name || '–' })}</option> : null}
          <option value="anonymous">{t('reports.new.anonymous')}</option>
          <option value="email">{t('reports.contact.kind.email')}</option>
          <option value="phone">{t('reports.contact.kind.phone')}</option>
        </SelectField>
        {kind === 'anonymous' || kind === 'resident' ? null : (
          <>
            <TextField
              id="new-contact-value"
              type={kind === 'email' ? 'email' : 'tel'}
              label={t(kind === 'email' ? 'reports.contact.kind.email' : 'reports.contact.kind.phone')}
              value={contact}
              onValue={clearing('contact.', setContact)}
              error={errors['contact.value'] ?? errors['contact.email'] ?? errors['contact.phone']}
              data-testid="new-contact-value"
            />
            <TextField id="new-contact-name" label={t('reports.new.name')} value={name} maxLength={120} onValue={setName} error={errors['contact.name']} />
            <SelectField id="new-language" label={t('reports.new.language')} value={language} onChange={(e) => setLanguage(e.target.value as 'de' | 'en')}>
              <option value="de">Deutsch</option>
              <option value="en">English</option>
            </SelectField>
          </>
        )}
      </Fieldset>
      <SubmitButton busy={busy} testId="new-submit">
        {t('reports.new.submit')}
      </SubmitButton>
    </form>
  );
}
