// Mobile numbers for residents a test makes as it goes: a new one each call, from a range (+49 171 99…) no test writes
// by hand, so a made-up number never meets a written one.
let issued = 0;

/** A German mobile number not handed out before in this test file, in E.164. */
export const nextMobile = () => `+4917199${String(++issued).padStart(5, '0')}`;
