// One language's channel versions: each starts as the server derived it from the body (POST /messages/preview) and
// can be edited; an edited version is kept as written (and can go back to the derived one). Beside each, the resident's
// view of it (e-mail and portal HTML as the last preview rendered it, edits included).
import { TextArea, TextField } from '../../components/Field.tsx';
import { useI18n } from '../../i18n.tsx';
import { type Draft, versionKey } from './draft.ts';
import { EmailPreview, PortalPreview, PushPreview, SmsPreview } from './Previews.tsx';
import { SmsCounter } from './SmsCounter.tsx';
import type { CampaignChannel, MessageLanguage, MessagePreview, MessageVersion } from './types.ts';

interface Props {
  language: MessageLanguage;
  draft: Draft;
  /** The versions to start from: the last preview's, or the stored message's while there is none. */
  versions: MessageVersion[];
  preview: MessagePreview | null;
  tenantName: string;
  errors: Record<string, string>;
  readOnly: boolean;
  onChange: (versions: Draft['versions']) => void;
}

/** What one SMS part costs, read back from the preview's total (the providers' prices stay on the server). */
function centsPerPart(preview: MessagePreview | null): number | null {
  const sms = preview?.versions.find((v) => v.channel === 'sms' && v.language === 'de')?.sms;
  const recipients = preview?.byChannel.sms ?? 0;
  if (!preview || !sms || recipients === 0) return null;
  return preview.costCents.sms / (recipients * sms.parts);
}

export function VersionEditor({ language, draft, versions, preview, tenantName, errors, readOnly, onChange }: Props) {
  const { t, tOr } = useI18n();
  const derived = (channel: CampaignChannel): MessageVersion | undefined => versions.find((v) => v.language === language && v.channel === channel);

  return (
    <>
      {draft.channels.map((channel) => {
        const key = versionKey(language, channel);
        const edited = draft.versions[key];
        const base = derived(channel);
        const subject = edited ? (edited.subject ?? '') : (base?.subject ?? '');
        const text = edited ? edited.text : (base?.text ?? '');
        const set = (next: { subject?: string; text?: string }) =>
          onChange({ ...draft.versions, [key]: { language, channel, subject: next.subject ?? subject, text: next.text ?? text } });
        const reset = () => {
          const { [key]: _dropped, ...rest } = draft.versions;
          onChange(rest);
        };
        const id = `version-${language}-${channel}`;
        const err = (field: string) => errors[`${key}.${field}`];
        return (
          <section key={key} className="version-panel" aria-labelledby={`${id}-heading`} data-testid={`version-${channel}`}>
            <h3 id={`${id}-heading`}>
              {tOr(`messages.channel.${channel}`, channel)}{' '}
              <span className="status-badge">{edited ? t('messages.version.edited') : t('messages.version.derived')}</span>
            </h3>
            <div className="compose-grid">
              <div>
                {channel === 'sms' ? null : (
                  <TextField
                    id={`${id}-subject`}
                    label={t(
                      channel === 'email' ? 'messages.version.subject' : channel === 'push' ? 'messages.version.pushTitle' : 'messages.version.headline',
                    )}
                    value={subject}
                    readOnly={readOnly}
                    onChange={(e) => set({ subject: e.target.value })}
                    error={err('subject')}
                  />
                )}
                <TextArea
                  id={`${id}-text`}
                  data-testid={`version-${channel}-text`}
                  label={t(channel === 'sms' ? 'messages.version.smsText' : channel === 'push' ? 'messages.version.pushText' : 'messages.version.markdown')}
                  rows={channel === 'sms' || channel === 'push' ? 4 : 8}
                  value={text}
                  readOnly={readOnly}
                  onChange={(e) => set({ text: e.target.value })}
                  error={err('text')}
                  describedBy={channel === 'sms' ? `${id}-counter` : undefined}
                />
                {channel === 'sms' ? (
                  <SmsCounter
                    id={`${id}-counter`}
                    text={text}
                    recipients={preview ? (preview.byChannel.sms ?? 0) : null}
                    centsPerPart={centsPerPart(preview)}
                    maxParts={preview?.smsMaxParts ?? null}
                  />
                ) : null}
                {edited && !readOnly ? (
                  <button type="button" className="button-small" onClick={reset}>
                    {t('messages.version.reset')}
                  </button>
                ) : null}
              </div>
              <div>
                {channel === 'sms' ? <SmsPreview sender={tenantName} text={text} /> : null}
                {channel === 'push' ? <PushPreview sender={tenantName} title={subject} text={text} /> : null}
                {channel === 'email' ? <EmailPreview subject={subject} html={base?.html ?? ''} /> : null}
                {channel === 'portal' ? <PortalPreview title={subject} html={base?.html ?? ''} /> : null}
              </div>
            </div>
          </section>
        );
      })}
    </>
  );
}
