// Kanäle: per channel (SMS, E-Mail, Push) its providers, adding and changing them, and a test send.
import { useEffect, useRef, useState } from 'react';
import { api, tenantPath } from '../../../api.ts';
import { Problem, Success } from '../../../components/Problem.tsx';
import { useLoad } from '../../../components/useLoad.ts';
import { useI18n } from '../../../i18n.tsx';
import type { Channel, Items, Provider } from '../../../types.ts';
import { ProviderForm } from './ProviderForm.tsx';
import { ProviderTable } from './ProviderTable.tsx';
import { CHANNEL_LABEL, CHANNELS } from './providerKinds.ts';
import { TestSendForm } from './TestSendForm.tsx';
import { Loading } from '../../../components/Loading.tsx';

/** The one provider form open on this page: a new provider of a channel, or an existing one. */
interface OpenForm {
  channel: Channel;
  provider: Provider | null;
}

export function ChannelsTab({ slug }: { slug: string }) {
  const { t } = useI18n();
  const list = useLoad<Items<Provider>>(tenantPath(slug, '/providers'));
  const [form, setForm] = useState<OpenForm | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ channel: Channel; text: string } | null>(null);
  const [focusAdd, setFocusAdd] = useState<Channel | null>(null);
  const addButtons = useRef<Partial<Record<Channel, HTMLButtonElement | null>>>({});

  // the add button is back only after the form has gone, so focus it after that render
  useEffect(() => {
    if (!focusAdd) return;
    addButtons.current[focusAdd]?.focus();
    setFocusAdd(null);
  }, [focusAdd]);

  const open = (next: OpenForm) => {
    setDone(null);
    setError(null);
    setForm(next);
  };
  const close = (channel: Channel) => {
    setForm(null);
    setFocusAdd(channel);
  };

  const saved = (provider: Provider, created: boolean) => {
    setDone({ channel: provider.channel, text: t(created ? 'providers.created' : 'providers.saved', { name: provider.name }) });
    close(provider.channel);
    list.reload();
  };

  const remove = async (provider: Provider) => {
    if (!window.confirm(t('providers.confirmDelete', { name: provider.name }))) return;
    setError(null);
    setDone(null);
    try {
      await api.del(tenantPath(slug, `/providers/${provider.id}`));
      if (form?.provider?.id === provider.id) setForm(null);
      setDone({ channel: provider.channel, text: t('providers.deleted', { name: provider.name }) });
      setFocusAdd(provider.channel);
    } catch (e) {
      setError(e);
    }
    list.reload();
  };

  const providers = list.data?.items ?? [];
  return (
    <>
      <p>{t('channels.intro')}</p>
      <Problem error={list.error ?? error} />
      {!list.data && !list.error ? <Loading /> : null}
      {list.data
        ? CHANNELS.map((channel) => {
            const headingId = `channel-${channel}-heading`;
            const formHere = form?.channel === channel ? form : null;
            return (
              <section key={channel} aria-labelledby={headingId} className="channel-section" data-testid={`channel-${channel}`}>
                <h3 id={headingId}>{t(CHANNEL_LABEL[channel])}</h3>
                <ProviderTable
                  slug={slug}
                  channel={channel}
                  providers={providers.filter((p) => p.channel === channel)}
                  onEdit={(provider) => open({ channel, provider })}
                  onDelete={(provider) => void remove(provider)}
                />
                <Success>{done?.channel === channel ? done.text : null}</Success>
                {formHere ? (
                  <ProviderForm
                    key={formHere.provider?.id ?? `new-${channel}`}
                    slug={slug}
                    channel={channel}
                    provider={formHere.provider}
                    onSaved={saved}
                    onCancel={() => close(channel)}
                  />
                ) : (
                  <p>
                    <button
                      type="button"
                      ref={(el) => {
                        addButtons.current[channel] = el;
                      }}
                      data-testid={`provider-add-${channel}`}
                      onClick={() => open({ channel, provider: null })}
                    >
                      {t('providers.add')}
                      <span className="visually-hidden"> ({t(CHANNEL_LABEL[channel])})</span>
                    </button>
                  </p>
                )}
                <TestSendForm slug={slug} channel={channel} />
              </section>
            );
          })
        : null}
    </>
  );
}
