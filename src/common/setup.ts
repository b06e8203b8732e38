// What a municipality must fill in before residents can register, and what it should fill in: one list for the
// portal (which refuses registrations until the required items are done) and the console's set-up checklist.
// Consent is only informed when the resident can read who asks (imprint), what happens to the data (privacy
// statement) and whom to ask (contact).

type Text = string | null | undefined;
export interface SetupFields {
  imprint: Text;
  privacyText: Text;
  contact: { email?: Text; phone?: Text; address?: Text; website?: Text };
  accessibilityFeedbackEmail?: Text;
}

export const SETUP_ITEMS = ['imprint', 'privacy', 'contact', 'accessibility'] as const;
export type SetupItem = (typeof SETUP_ITEMS)[number];

/** Items without which the portal takes no registration. */
export const REQUIRED_FOR_REGISTRATION: readonly SetupItem[] = ['imprint', 'privacy', 'contact'];

const filled = (value: Text) => Boolean(value?.trim());

const DONE: Record<SetupItem, (t: SetupFields) => boolean> = {
  imprint: (t) => filled(t.imprint),
  privacy: (t) => filled(t.privacyText),
  // a way to reach the town hall: an e-mail address or a phone number
  contact: (t) => filled(t.contact.email) || filled(t.contact.phone),
  // public bodies name where to report accessibility barriers (BITV 2.0); recommended, not blocking
  accessibility: (t) => filled(t.accessibilityFeedbackEmail),
};

export function setupChecklist(t: SetupFields): Array<{ item: SetupItem; done: boolean; required: boolean }> {
  return SETUP_ITEMS.map((item) => ({ item, done: DONE[item](t), required: REQUIRED_FOR_REGISTRATION.includes(item) }));
}

/** The required items still missing; empty when residents may register. */
export const missingForRegistration = (t: SetupFields): SetupItem[] => REQUIRED_FOR_REGISTRATION.filter((item) => !DONE[item](t));
