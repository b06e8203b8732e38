// Testversand: one message to one address through the channel's providers, then its status live (every second,
// up to 30 s) until the provider confirms or reports a failure.
import { Options } from '../../../components/Pickers.tsx';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, fieldErrorMap, tenantPath } from '../../../api.ts';
import { SelectField, TextField } from '../../../components/Field.tsx';
import { SubmitButton, useSubmit } from '../../../components/Form.tsx';
import { Problem } from '../../../components/Problem.tsx';
import { useLoad } from '../../../components/useLoad.ts';
import { type MessageKey, useI18n } from '../../../i18n.tsx';
import { useMe } from '../../../session.tsx';
import type { AcceptedSend, Channel, Delivery, Items, MessageState } from '../../../types.ts';

const POLL_MS = 1_000;
const POLL_LIMIT_MS = 30_000;

type Phase = 'waiting' | 'sent' | 'delivered' | 'failed' | 'expired' | 'skipped';
interface Status {
  phase: Phase;
  detail?: string;
  /** No final answer within the polling time. */
  timedOut?: boolean;
}

const PHASE_TEXT: Record<Phase, MessageKey> = {
  waiting: 'testSend.waiting',
  sent: 'testSend.sent',
  delivered: 'testSend.delivered',
  failed: 'testSend.failed',
  expired: 'testSend.expired',
  skipped: 'testSend.skipped',
};

const ADDRESS: Record<Channel, { label: MessageKey; hint: MessageKey; type: string; autoComplete: string }> = {
  sms: { label: 'testSend.addressSms', hint: 'testSend.addressSmsHint', type: 'tel', autoComplete: 'tel' },
  email: { label: 'testSend.addressEmail', hint: 'testSend.addressEmailHint', type: 'email', autoComplete: 'email' },
  push: { label: 'testSend.addressPush', hint: 'testSend.addressPushHint', type: 'text', autoComplete: 'off' },
};

/** Where the signed-in staff member may test: own e-mail, own numbers, own devices (GET /test-send/targets). */
interface TestTargets {
  email: string;
  sms: string[];
  push: Array<{ id: string; userAgent: string | null; createdAt: string }>;
}

/** A device as a person recognises it: browser and system from the user agent, and when notifications were turned on. */
function deviceName(userAgent: string | null): string {
  const ua = userAgent ?? '';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : '';
  const system = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return [browser, system].filter(Boolean).join(', ') || ua.slice(0, 40);
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

export function TestSendForm({ slug, channel }: { slug: string; channel: Channel }) {
  const { t, formatDateTime } = useI18n();
  const me = useMe();
  const [address, setAddress] = useState(channel === 'email' ? me.user.email : '');
  // push goes to one of the tester's own devices, picked from a list (nobody knows a subscription id)
  const targets = useLoad<TestTargets>(channel === 'push' ? tenantPath(slug, '/test-send/targets') : null);
  const devices = targets.data?.push ?? [];
  useEffect(() => {
    if (channel === 'push' && devices.length && !devices.some((d) => d.id === address)) setAddress(devices[0].id);
  }, [channel, devices, address]);
  const send = useSubmit();
  const [pollError, setPollError] = useState<unknown>(null);
  const error = send.error ?? pollError;
  const [status, setStatus] = useState<Status | null>(null);
  const polling = useRef<AbortController | null>(null);
  const errors = fieldErrorMap(error);
  const spec = ADDRESS[channel];

  useEffect(() => () => polling.current?.abort(), []);

  const follow = async (messageId: string, signal: AbortSignal) => {
    const deadline = Date.now() + POLL_LIMIT_MS;
    let last: Status = { phase: 'waiting' };
    while (!signal.aborted) {
      try {
        const m = await api.get<MessageState>(tenantPath(slug, `/sends/${messageId}`), { signal });
        const c = m.counts[channel];
        if (c?.delivered) return setStatus({ phase: 'delivered' });
        // the one delivery of a test send: its last error explains a failure or a retry
        const lastError = async (status?: string) => {
          const query = `?channel=${channel}&limit=1${status ? `&status=${status}` : ''}`;
          const list = await api.get<Items<Delivery>>(tenantPath(slug, `/sends/${messageId}/deliveries${query}`), { signal });
          return list.items[0]?.lastError ?? undefined;
        };
        if (c?.failed) return setStatus({ phase: 'failed', detail: await lastError('failed') });
        if (c?.expired) return setStatus({ phase: 'expired' });
        last = c?.sent ? { phase: 'sent' } : { phase: 'waiting', detail: await lastError() };
        setStatus(last);
      } catch (e) {
        if (signal.aborted) return;
        setPollError(e);
      }
      if (Date.now() + POLL_MS > deadline) break;
      await sleep(POLL_MS, signal);
    }
    if (!signal.aborted) setStatus({ ...last, timedOut: true });
  };

  const submit = (event: FormEvent) => {
    polling.current?.abort();
    setPollError(null);
    setStatus(null);
    send.handle(async () => {
      const accepted = await api.post<AcceptedSend>(tenantPath(slug, '/test-send'), { channel, address: address.trim() });
      if (!accepted.deliveries[channel]) return setStatus({ phase: 'skipped', detail: accepted.skipped[0]?.detail });
      setStatus({ phase: 'waiting' });
      const controller = new AbortController();
      polling.current = controller;
      void follow(accepted.id, controller.signal);
    })(event);
  };

  const id = `test-send-address-${channel}`;
  const headingId = `test-send-heading-${channel}`;
  let text = '';
  if (status) {
    if (status.phase === 'waiting' && status.detail) text = t('testSend.retrying', { detail: status.detail });
    else text = t(PHASE_TEXT[status.phase], { detail: status.detail ?? t('testSend.noDetail') });
    if (status.timedOut) text += ` ${t('testSend.timedOut')}`;
  }
  return (
    <form className="form form-row test-send" onSubmit={submit} noValidate aria-labelledby={headingId}>
      <h4 id={headingId}>{t('testSend.title')}</h4>
      <Problem error={error} />
      {channel === 'push' ? (
        devices.length ? (
          <SelectField
            id={id}
            data-testid={id}
            label={t('testSend.device')}
            hint={t('testSend.deviceHint')}
            value={address}
            onValue={setAddress}
            error={errors.address}
          >
            <Options
              choices={devices.map((d) => ({
                value: d.id,
                label: t('testSend.deviceOption', { device: deviceName(d.userAgent), since: formatDateTime(d.createdAt) }),
              }))}
            />
          </SelectField>
        ) : (
          <p className="hint" data-testid="test-send-no-device">
            {targets.loading ? t('common.loading') : t('testSend.noDevice')}{' '}
            {targets.loading ? null : (
              <a href={`/m/${slug}/register`} target="_blank" rel="noopener">
                {t('testSend.noDeviceLink')}
              </a>
            )}
          </p>
        )
      ) : (
        <TextField
          id={id}
          data-testid={id}
          type={spec.type}
          autoComplete={spec.autoComplete}
          label={t(spec.label)}
          hint={t(spec.hint)}
          required
          value={address}
          onValue={setAddress}
          error={errors.address}
        />
      )}
      <SubmitButton busy={send.busy || (channel === 'push' && !devices.length)} testId={`test-send-submit-${channel}`}>
        {t('testSend.submit')}
      </SubmitButton>
      <p role="status" className={`test-send-status phase-${status?.phase ?? 'none'}`} data-testid={`test-send-status-${channel}`}>
        {status ? (
          <>
            <strong>{t('testSend.statusLabel')}</strong> {text}
          </>
        ) : null}
      </p>
    </form>
  );
}
