// The compose form's request body and where the server's field errors land: a translation's or a version's error
// at the field of its language and channel, not at an index the form does not show.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api.ts';
import { draftInput, emptyDraft, formErrors } from './draft.ts';

const draft = () => ({
  ...emptyDraft(),
  title: 'Markt',
  body: 'Am Samstag',
  channels: ['sms' as const, 'email' as const],
  tagsText: ' Seniorenbeirat, , Jugend,Seniorenbeirat',
  translations: { en: { title: 'Market', body: 'On Saturday' }, uk: { title: '', body: '' } },
  versions: {
    'en/sms': { language: 'en' as const, channel: 'sms' as const, text: 'Market on Saturday' },
    'uk/sms': { language: 'uk' as const, channel: 'sms' as const, text: 'left out: no Ukrainian text' },
    'de/push': { language: 'de' as const, channel: 'push' as const, text: 'left out: push is not chosen' },
  },
});

describe('compose form', () => {
  it('sends the languages that have a text, their edited versions on chosen channels, and each tag once', () => {
    const input = draftInput(draft());
    expect(input.translations).toEqual([{ language: 'en', title: 'Market', body: 'On Saturday' }]);
    expect(input.versions).toEqual([{ language: 'en', channel: 'sms', text: 'Market on Saturday' }]);
    expect(input.audience.tags).toEqual(['Seniorenbeirat', 'Jugend']);
    expect(input.topic).toBeNull();
  });

  it('puts a translation’s and a version’s error at its language and channel', () => {
    const input = draftInput(draft());
    const error = new ApiError(400, 'validation_failed', 'invalid', [
      { pointer: '/body/translations/0/title', detail: 'is required' },
      { pointer: '/body/versions/0/text', detail: 'too many parts' },
      { pointer: '/body/audience', detail: 'reaches nobody', code: 'audience_empty' },
      { pointer: '/body/channels/1', detail: 'not allowed' },
      { pointer: '/body/title', detail: 'is required' },
    ]);
    const errors = formErrors(error, input);
    expect(Object.keys(errors).sort()).toEqual(['audience', 'channels', 'en.title', 'en/sms.text', 'title']);
  });
});
