// Sending from a network: a message (approved by the sender at network level) or a warning to the residents of all
// or chosen member municipalities; each member gets its own, marked with the network as its origin. Below, what the
// network sent and what happened in each member.
import { type FormEvent, useEffect, useState } from 'react';
import type { NetworkMember, NetworkSend, NetworkTemplate } from '../../../../common/contracts/networks.ts';
import { canInNetwork } from '../../../../common/permissions.ts';
import { CAMPAIGN_CHANNELS, WARNING_SEVERITIES, WARNING_STATUSES } from '../../../../common/states.ts';
import { api, errorUnder, fieldErrorMap } from '../../api.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { choicesOf, Options, PickerField } from '../../components/Pickers.tsx';
import { Checkbox, SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { SubmitButton, useSubmit } from '../../components/Form.tsx';
import { CheckFieldset } from '../../components/CheckList.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import type { Items, NetworkSummary } from '../../types.ts';
import { networkPath } from './networkPath.ts';
import { Fieldset } from '../../components/Fieldset.tsx';

type Kind = 'message' | 'warning';

export function NetworkSendPage({ network }: { network: NetworkSummary }) {
  const { t } = useI18n();
  const kinds = (['message', 'warning'] as const).filter((k) => canInNetwork(network.role, k === 'message' ? 'network.send' : 'network.warn'));
  const [kind, setKind] = useState<Kind>(kinds[0] ?? 'message');
  const members = useLoad<Items<NetworkMember>>(networkPath(network.slug, '/members'));
  const sends = useLoad<Items<NetworkSend>>(networkPath(network.slug, '/sends'));
  const [last, setLast] = useState<NetworkSend | null>(null);
  if (!kinds.length) return <p className="alert alert-info">{t('network.sendNotAllowed')}</p>;
  return (
    <>
      <Problem error={members.error} />
      <Fieldset className="form-row" legend={t('network.kind')}>
        {kinds.map((k) => (
          <label key={k} className="radio">
            <input type="radio" name="network-kind" value={k} checked={kind === k} onChange={() => setKind(k)} data-testid={`network-kind-${k}`} />{' '}
            {t(k === 'message' ? 'network.kindMessage' : 'network.kindWarning')}
          </label>
        ))}
      </Fieldset>
      <SendForm
        key={kind}
        network={network}
        kind={kind}
        members={members.data?.items ?? []}
        onSent={(result) => {
          setLast(result);
          sends.reload();
        }}
      />
      {last ? <Results send={last} /> : null}
      <section aria-labelledby="network-sends-heading">
        <h3 id="network-sends-heading">{t('network.history')}</h3>
        <Problem error={sends.error} />
        <History sends={sends.data?.items ?? []} loading={sends.loading} />
      </section>
    </>
  );
}

interface SendFormProps {
  network: NetworkSummary;
  kind: Kind;
  members: NetworkMember[];
  onSent: (send: NetworkSend) => void;
}

function SendForm({ network, kind, members, onSent }: SendFormProps) {
  const { t } = useI18n();
  const form = useSubmit();
  const errors = fieldErrorMap(form.error);
  const [all, setAll] = useState(true);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [fields, setFields] = useState<Record<string, string>>({ severity: 'moderate', status: 'actual' });
  const [channels, setChannels] = useState<Set<string>>(new Set(['sms', 'email', 'push', 'portal']));
  const templates = useLoad<Items<NetworkTemplate>>(kind === 'message' ? networkPath(network.slug, '/templates') : null);
  const set = (name: string) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [name]: e.target.value }));
  const bind = (name: string) => ({ value: fields[name] ?? '', onChange: set(name), error: errors[name] });
  useEffect(() => setChosen(new Set(members.map((m) => m.slug))), [members]);

  const applyTemplate = (id: string) => {
    const template = templates.data?.items.find((x) => x.id === id);
    if (template) setFields((f) => ({ ...f, title: template.title || template.name, body: template.body }));
  };
  const toggle = <T,>(list: Set<T>, value: T, on: boolean) => {
    const next = new Set(list);
    if (on) next.add(value);
    else next.delete(value);
    return next;
  };

  const submit = (event: FormEvent) =>
    form.handle(async () => {
      const tenants = all ? undefined : members.filter((m) => chosen.has(m.slug)).map((m) => m.slug);
      const common = tenants ? { tenants } : {};
      const body =
        kind === 'message'
          ? { title: fields.title ?? '', body: fields.body ?? '', channels: CAMPAIGN_CHANNELS.filter((c) => channels.has(c)), ...common }
          : {
              status: fields.status,
              severity: fields.severity,
              event: fields.event ?? '',
              headline: fields.headline ?? '',
              description: fields.description ?? '',
              ...(fields.instruction ? { instruction: fields.instruction } : {}),
              ...common,
            };
      const sent = await api.post<NetworkSend>(networkPath(network.slug, kind === 'message' ? '/messages' : '/warnings'), body);
      onSent(sent);
    })(event);

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="network-send-heading">
      <h3 id="network-send-heading">{t(kind === 'message' ? 'network.sendMessage' : 'network.sendWarning')}</h3>
      <p className="hint">{t(kind === 'message' ? 'network.messageApproval' : 'network.warningArea')}</p>
      <Problem error={form.error} />
      <CheckFieldset
        legend={t('network.recipients')}
        options={all ? [] : members.map((m) => ({ value: m.slug, label: `${m.name} (${t('network.followersOf', { count: m.followers })})` }))}
        idPrefix="network-member-"
        isChecked={(slug) => chosen.has(slug)}
        onToggle={(slug, on) => setChosen((c) => toggle(c, slug, on))}
        error={errorUnder(errors, 'tenants')}
      >
        <Checkbox id="network-all" label={t('network.allMembers', { count: members.length })} checked={all} onChecked={setAll} />
      </CheckFieldset>
      {kind === 'message' ? (
        <>
          {templates.data?.items.length ? (
            <SelectField id="network-template" label={t('network.useTemplate')} value="" onValue={applyTemplate}>
              <Options blank={t('network.chooseTemplate')} choices={templates.data.items.map((x) => ({ value: x.id, label: x.name }))} />
            </SelectField>
          ) : null}
          <TextField id="network-title" label={t('network.title')} required {...bind('title')} />
          <TextArea id="network-body" label={t('network.body')} hint={t('network.bodyHint')} required {...bind('body')} />
          <CheckFieldset
            legend={t('network.channels')}
            options={CAMPAIGN_CHANNELS.map((c) => ({ value: c, label: t(`network.channel.${c}`) }))}
            idPrefix="network-channel-"
            isChecked={(c) => channels.has(c)}
            onToggle={(c, on) => setChannels((list) => toggle(list, c, on))}
            error={errors.channels}
          />
        </>
      ) : (
        <>
          <PickerField
            id="network-status"
            label={t('network.warningStatus')}
            choices={choicesOf(WARNING_STATUSES, (s) => t(`network.status.${s}`))}
            {...bind('status')}
          />
          <PickerField
            id="network-severity"
            label={t('network.severity')}
            choices={choicesOf(WARNING_SEVERITIES, (s) => t(`network.severity.${s}`))}
            {...bind('severity')}
          />
          <TextField id="network-event" label={t('network.event')} required {...bind('event')} />
          <TextField id="network-headline" label={t('network.headline')} required {...bind('headline')} />
          <TextArea id="network-description" label={t('network.description')} required {...bind('description')} />
          <TextArea id="network-instruction" label={t('network.instruction')} {...bind('instruction')} />
        </>
      )}
      <SubmitButton busy={form.busy} testId="network-send">
        {t(kind === 'message' ? 'network.sendMessageSubmit' : 'network.sendWarningSubmit')}
      </SubmitButton>
    </form>
  );
}

function Results({ send }: { send: NetworkSend }) {
  const { t } = useI18n();
  const failed = send.results.filter((r) => r.outcome === 'failed').length;
  return (
    <section aria-labelledby="network-result-heading" className={failed ? 'alert alert-warning' : 'alert alert-success'} role="status">
      <h3 id="network-result-heading">{t('network.resultTitle', { sent: send.results.length - failed, failed })}</h3>
      <ul data-testid="network-results">
        {send.results.map((r) => (
          <li key={r.tenant.id}>
            {r.tenant.name}: {r.outcome === 'sent' ? t('network.outcome.sent') : `${t('network.outcome.failed')} – ${r.error?.detail ?? ''}`}
          </li>
        ))}
      </ul>
    </section>
  );
}

function History({ sends, loading }: { sends: NetworkSend[]; loading: boolean }) {
  const { t, formatDateTime } = useI18n();
  return (
    <DataTable
      caption={t('network.history')}
      testId="network-sends"
      rows={sends}
      loading={loading}
      empty={t('network.noSends')}
      columns={[
        { key: 'title', header: t('network.sendTitle'), rowHeader: true, cell: (s) => s.title },
        { key: 'kind', header: t('network.kind'), cell: (s) => t(s.kind === 'message' ? 'network.kindMessage' : 'network.kindWarning') },
        { key: 'at', header: t('network.sentAt'), cell: (s) => <time dateTime={s.createdAt}>{formatDateTime(s.createdAt)}</time> },
        {
          key: 'members',
          header: t('network.outcomes'),
          cell: (s) => s.results.map((r) => `${r.tenant.name}: ${r.outcome === 'sent' ? t('network.outcome.sent') : t('network.outcome.failed')}`).join(', '),
        },
      ]}
    />
  );
}
