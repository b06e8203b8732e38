// /m/{tenant}/waste/reminder: the signed-in resident's waste reminder as a plain form (works without JavaScript).
// Posts are same-origin only and limited per resident and per address range; bad input comes back as the form with
// the errors next to the fields, never a 500. With CIVICAST_TEST_CLOCK=1 also POST /__test/waste/reminders/run.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { WASTE_REMINDER_DAYS, type WasteReminderDay } from '../../../common/states.ts';
import type { Actor } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { AppDeps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { keyedLimit } from '../../platform/rate-limit.ts';
import { sendPortalNotFound, sendUncachedPage } from '../portal/index.ts';
import { isSameOrigin, residentPageContext, withinPortalLimits } from '../residents/index.ts';
import {
  hrefOf,
  noticePage,
  REMINDER_PATH,
  type ReminderErrors,
  type ReminderFormValues,
  type ReminderPageCtx,
  reminderFormPage,
  signInPage,
} from './reminder.render.ts';
import { remindAll } from './reminders.job.ts';
import { DEFAULT_MINUTE, type ReminderInput, type ReminderView, reminderView, saveReminder } from './reminders.service.ts';
import { minutesOfTime, timeOfMinutes } from './reminders.window.ts';

const UUID = z.uuid();

export const REMINDER_LIMITS = {
  /** Saves per hour by one resident. */
  perResidentPerHour: 30,
  /** Saves per hour from one address range (/24, /48): a family or an office shares one. */
  perRangePerHour: 120,
} as const;

type Req = FastifyRequest<{ Params: { tenant: string } }>;

const contextOf = (deps: AppDeps, req: Req): Promise<{ c: ReminderPageCtx; residentId: string | null } | null> => residentPageContext(deps, req);

const first = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
const all = (v: unknown) => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The form as sent, and what is wrong with it (before the service checks street and types against the directory). */
export function readReminderForm(body: unknown): { values: ReminderFormValues; errors: ReminderErrors; input: ReminderInput | null } {
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const day = first(b.day);
  const values: ReminderFormValues = {
    street: first(b.street).trim().slice(0, 64),
    types: all(b.types).slice(0, 50),
    day: (WASTE_REMINDER_DAYS as readonly string[]).includes(day) ? (day as WasteReminderDay) : '',
    time: first(b.time).trim().slice(0, 16),
    active: first(b.active) === 'on',
  };
  const errors: ReminderErrors = {};
  if (!UUID.safeParse(values.street).success) errors.street = 'waste.reminder.errStreet';
  if (!values.types.length || values.types.some((id) => !UUID.safeParse(id).success)) errors.types = 'waste.reminder.errTypes';
  if (!values.day) errors.day = 'waste.reminder.errDay';
  const minute = values.time ? minutesOfTime(values.time) : values.day ? DEFAULT_MINUTE[values.day] : null;
  if (values.time && minute === null) errors.time = 'waste.reminder.errTime';
  if (Object.keys(errors).length || minute === null || !values.day) return { values, errors, input: null };
  return { values, errors, input: { streetId: values.street, typeIds: values.types, day: values.day, minuteOfDay: minute, active: values.active } };
}

/** The stored reminder as the form shows it: every type ticked for "all", the time empty for a new one (defaults). */
function storedValues(view: ReminderView): ReminderFormValues {
  const s = view.settings;
  return {
    street: s.streetId ?? '',
    types: s.typeIds.length ? s.typeIds : view.types.map((ty) => ty.id),
    day: s.day,
    time: view.saved ? timeOfMinutes(s.minuteOfDay) : '',
    active: s.active,
  };
}

const portalActor = (req: FastifyRequest): Actor => ({ userId: null, email: 'portal', ip: null, userAgent: null, requestId: req.id });

export async function wasteReminderRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const perResident = keyedLimit(app, { name: 'waste-reminder:resident', max: REMINDER_LIMITS.perResidentPerHour, timeWindow: 3600_000 });
  const perRange = keyedLimit(app, { name: 'waste-reminder:range', max: REMINDER_LIMITS.perRangePerHour, timeWindow: 3600_000 });
  const url = `/m/:tenant/${REMINDER_PATH}`;

  app.get(url, { schema: { hide: true } }, async (request, reply) => {
    const ctx = await contextOf(deps, request as Req);
    if (!ctx) return sendPortalNotFound(request, reply);
    if (!ctx.residentId) return sendUncachedPage(reply, 200, signInPage(ctx.c));
    const view = await reminderView(deps, ctx.c.tenant, ctx.residentId);
    const saved = first((request.query as Record<string, unknown>).saved);
    const notice = saved === 'on' ? 'waste.reminder.saved' : saved === 'off' ? 'waste.reminder.savedOff' : undefined;
    return sendUncachedPage(reply, 200, reminderFormPage(ctx.c, view, storedValues(view), {}, notice));
  });

  app.post(url, { schema: { hide: true } }, async (request, reply) => {
    const ctx = await contextOf(deps, request as Req);
    if (!ctx) return sendPortalNotFound(request, reply);
    const { c, residentId } = ctx;
    if (!isSameOrigin(deps, request)) return sendUncachedPage(reply, 403, noticePage(c, 'forbiddenText'));
    if (!residentId) return sendUncachedPage(reply, 401, signInPage(c));
    const view = await reminderView(deps, c.tenant, residentId);
    const { values, errors, input } = readReminderForm(request.body);
    if (!(await withinPortalLimits(request, reply, perRange, { limit: perResident, key: residentId })))
      return sendUncachedPage(reply, 429, reminderFormPage(c, view, values, {}, 'waste.reminder.errLimited'));
    if (!input) return sendUncachedPage(reply, 400, reminderFormPage(c, view, values, errors));
    try {
      await saveReminder(deps, portalActor(request), c.tenant, residentId, input);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
      const pointers = new Set(err.errors.map((e) => e.pointer));
      const found: ReminderErrors = {
        ...(pointers.has('/street') ? { street: 'waste.reminder.errStreet' as const } : {}),
        ...(pointers.has('/types') ? { types: 'waste.reminder.errTypes' as const } : {}),
      };
      return sendUncachedPage(reply, 400, reminderFormPage(c, view, values, found));
    }
    return reply.redirect(hrefOf(c, REMINDER_PATH, { saved: input.active ? 'on' : 'off' }), 303);
  });

  // browser tests stand the clock still and then run the reminders at once instead of waiting for the cron minute
  if (deps.config.testClock)
    app.post('/__test/waste/reminders/run', { schema: { hide: true } }, async () => ({
      at: clock.now().toISOString(),
      ...(await remindAll(deps, clock.now())),
    }));
}
