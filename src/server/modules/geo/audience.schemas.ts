// The audience of a message, one definition for the preview and the send. Strict: a misspelt key ("topic",
// "areaId") is a 400 naming it, never a silently wider audience.
import { z } from 'zod';

export const AUDIENCE_CHANNELS = ['sms', 'email', 'push', 'voice'] as const;

export const audienceInput = z.strictObject({
  /** Topic keys of this municipality; a follower is reached only for a topic they consented to. Empty or absent: any topic. */
  topics: z.array(z.string().max(64)).max(50).optional(),
  areaIds: z.array(z.uuid()).max(500).optional(),
  streetIds: z.array(z.uuid()).max(5000).optional(),
  /** Tags staff gave residents (e.g. "Seniorenbeirat"): residents with any of them. Absent: no tag needed. */
  tags: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
  /** Channels the message goes out on; a follower is reached only on channels they consented to. */
  channels: z.array(z.enum(AUDIENCE_CHANNELS)).min(1),
  /** A warning ignores topics (warnings are always on, unless the municipality lets residents switch them off). */
  warning: z.boolean().optional(),
});
export type AudienceInput = z.infer<typeof audienceInput>;
