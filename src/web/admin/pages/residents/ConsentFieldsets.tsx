// What a resident consents to, as staff enter or change it: the topics and the channels, each a fieldset of checkboxes
// with the server's error for the list under it. Nothing is ticked that staff did not tick.
import { CheckFieldset, type CheckOption, toggled } from '../../components/CheckList.tsx';
import { useI18n } from '../../i18n.tsx';
import { type ResidentsContext, topicName } from './context.ts';

interface ChoiceProps {
  /** Prefix of the checkbox ids, e.g. `resident-add` → `resident-add-topic-abfall`, `resident-add-channel-sms`. */
  idPrefix: string;
  chosen: string[];
  onChange: (chosen: string[]) => void;
  error?: string;
}

function ChoiceFieldset({ legend, kind, options, idPrefix, chosen, onChange, error }: ChoiceProps & { legend: string; kind: string; options: CheckOption[] }) {
  return (
    <CheckFieldset
      legend={legend}
      options={options}
      idPrefix={`${idPrefix}-${kind}-`}
      isChecked={(value) => chosen.includes(value)}
      onToggle={(value) => onChange(toggled(chosen, value))}
      error={error}
    />
  );
}

/** The municipality's topics; `markMandatory` notes the topics a resident cannot leave out. */
export function TopicFieldset({ ctx, markMandatory, ...props }: ChoiceProps & { ctx: ResidentsContext; markMandatory?: boolean }) {
  const { t, locale } = useI18n();
  const options = ctx.topics.map((x) => ({
    value: x.key,
    label: topicName(ctx.topics, x.key, locale),
    hint: markMandatory && x.mandatory ? t('residents.add.mandatory') : undefined,
  }));
  return <ChoiceFieldset legend={t('residents.col.topics')} kind="topic" options={options} {...props} />;
}

export function ChannelFieldset({ channels, ...props }: ChoiceProps & { channels: readonly string[] }) {
  const { t, tOr } = useI18n();
  const options = channels.map((c) => ({ value: c, label: tOr(`channel.${c}`, c) }));
  return <ChoiceFieldset legend={t('residents.col.channels')} kind="channel" options={options} {...props} />;
}
