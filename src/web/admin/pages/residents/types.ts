// Shapes of the residents API (docs/API.md, "Residents") as the console reads them.
export const CHANNELS = ['sms', 'email', 'push', 'voice'] as const;

export interface ResidentRow {
  id: string;
  followId: string;
  phone: string | null;
  emailMasked: string | null;
  topics: string[];
  channels: string[];
  status: 'active' | 'withdrawn';
  source: string;
  createdAt: string;
}

export interface ResidentPage {
  items: ResidentRow[];
  nextAfter: string | null;
}

export interface ConsentEntry {
  id: number;
  action: 'given' | 'withdrawn';
  purpose: string;
  channel: string | null;
  topic: string | null;
  textHash: string | null;
  method: string;
  proof: string | null;
  at: string;
}

export interface DeliveryEntry {
  id: string;
  channel: string;
  status: string;
  subject: string | null;
  text: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** A scanned consent form; the file itself is downloaded (and the download audited) from its own address. */
export interface AttachmentEntry {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  createdAt: string;
}

export interface ResidentDetailData {
  id: string;
  contact: { phone: string | null; email: string | null; landline: string | null; name: string | null };
  language: string;
  emailVerified: boolean;
  createdAt: string;
  follow: { status: 'active' | 'withdrawn'; topics: string[]; channels: string[]; street: string | null; houseNumber: string | null; language: string; source: string; createdAt: string };
  consents: ConsentEntry[];
  attachments: AttachmentEntry[];
  /** The latest 50, newest first. */
  deliveries: DeliveryEntry[];
}

export interface Topic {
  id: string;
  key: string;
  nameDe: string;
  nameEn: string;
  mandatory: boolean;
  position: number;
}

export interface TopicList {
  items: Topic[];
  warningsOptional: boolean;
}

export interface GdprRequest {
  id: string;
  residentId: string | null;
  kind: string;
  status: 'open' | 'done';
  note: string;
  receivedAt: string;
  dueAt: string;
  completedAt: string | null;
  overdue: boolean;
}
