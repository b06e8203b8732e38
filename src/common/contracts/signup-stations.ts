// Sign-up stations ("Anmeldestation"): the API's answers, shared by the server's response schemas and the console.
import { z } from 'zod';

export const signupStation = z.object({
  id: z.uuid(),
  label: z.string(),
  /** waiting: link not opened yet; open: held by one device; expired or revoked: codes follow the normal limits again. */
  state: z.enum(['waiting', 'open', 'expired', 'revoked']),
  createdAt: z.string(),
  expiresAt: z.string(),
  openedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** Code SMS requested on the device so far. */
  codes: z.number().int(),
});
export type SignupStation = z.infer<typeof signupStation>;

/** A new station with its link: shown once, only a hash of its token is stored. */
export const issuedSignupStation = signupStation.extend({ link: z.string() });
export type IssuedSignupStation = z.infer<typeof issuedSignupStation>;

export const signupStationList = z.object({ items: z.array(signupStation) });
export type SignupStationList = z.infer<typeof signupStationList>;

export const signupStationInput = z.strictObject({
  /** Where the device stands, e.g. "Bürgerbüro, Tisch 1". */
  label: z.string().trim().min(2, 'must be at least 2 characters').max(80),
});
