// The commands behind `civicast` (cli.ts): loaded only when one runs, so that `--help` starts at once.
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { isRole, ROLES } from '../common/roles.ts';
import { NETWORK_KINDS } from '../common/states.ts';
import { HELP, UsageError } from './cli.help.ts';
import { hashPassword } from './platform/auth/password.ts';
import { ConfigError } from './platform/config.ts';
import { AppError } from './platform/errors.ts';
import { DataDirInUseError } from './platform/db/client.ts';
import { memberships, staffUsers } from './platform/db/schema.ts';
import { createTenant, findTenantBySlug, listTenants } from './modules/tenants/index.ts';
import { addMember, createNetwork, listNetworks, removeMember, setNetworkStaff } from './modules/networks/index.ts';
import { generatePassword } from './seed.ts';
import { openForCli, run } from './main.ts';
import { LANES, type Lanes } from './jobs.ts';

/** Runs one command; -1 means it keeps running (a server or a worker). */
export async function runCommand(command: string, sub: string | undefined, rest: string[]): Promise<number> {
  switch (command) {
    case 'start':
    case 'serve':
      await run(command === 'start' ? 'all' : command);
      return -1; // keeps running
    case 'worker':
      await run('worker', workerLanes(sub === undefined ? [] : [sub, ...rest]));
      return -1;
    case 'migrate': {
      const { db } = await openForCli();
      await db.close();
      console.log('Migrations are current.');
      return 0;
    }
    case 'tenant':
      return tenantCommand(sub, rest);
    case 'user':
      return userCommand(sub, rest);
    case 'network':
      return networkCommand(sub, rest);
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

/** `--lanes all|urgent|bulk` of civicast worker (all when not given). */
export function workerLanes(args: string[]): Lanes {
  let lanes: string;
  try {
    lanes = parseArgs({ args, options: { lanes: { type: 'string' } } }).values.lanes ?? 'all';
  } catch (err) {
    throw new UsageError(`${(err as Error).message}. Usage: civicast worker [--lanes ${LANES.join('|')}]`);
  }
  if (!(LANES as readonly string[]).includes(lanes)) throw new UsageError(`--lanes is one of ${LANES.join(', ')}, not "${lanes}".`);
  return lanes as Lanes;
}

/** The exit code of a failed command: 2 wrong usage, 3 data directory in use, 4 configuration invalid, else 1. */
export function exitCodeOf(err: unknown): number {
  if (err instanceof DataDirInUseError) return 3;
  if (err instanceof ConfigError) return 4;
  if ((err as { issues?: unknown }).issues) return 2;
  return 1;
}

/** parseArgs options of flags that take a value (`--email x`), by name. */
function valueFlags<const N extends string>(...names: N[]) {
  return Object.fromEntries(names.map((name) => [name, { type: 'string' }])) as Record<N, { type: 'string' }>;
}

async function tenantCommand(sub: string | undefined, args: string[]): Promise<number> {
  if (sub === 'list') {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
    const { db } = await openForCli();
    const rows = await listTenants(db);
    await db.close();
    if (values.json) console.log(JSON.stringify(rows.map((t) => ({ slug: t.slug, name: t.name, ags: t.ags, locale: t.locale }))));
    else for (const t of rows) console.log(`${t.slug}\t${t.name}${t.ags ? `\t${t.ags}` : ''}`);
    return 0;
  }
  if (sub === 'create') {
    const { values } = parseArgs({ args, options: valueFlags('slug', 'name', 'ags', 'locale', 'time-zone') });
    if (!values.slug || !values.name) throw new UsageError('tenant create needs --slug and --name.');
    const { db } = await openForCli();
    try {
      const t = await createTenant(db, {
        slug: values.slug,
        name: values.name,
        ags: values.ags,
        locale: values.locale as 'de' | 'en' | undefined,
        timeZone: values['time-zone'],
      });
      console.log(`Created municipality ${t.name} (${t.slug}). Add staff with: civicast user create --tenant ${t.slug} --email …`);
    } finally {
      await db.close();
    }
    return 0;
  }
  throw new UsageError(HELP.tenant);
}

const CLI_ACTOR = { userId: null, email: 'civicast-cli', ip: null, userAgent: null, requestId: null };

async function networkCommand(sub: string | undefined, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...valueFlags('slug', 'name', 'kind', 'network', 'tenant', 'email', 'role'), json: { type: 'boolean' } },
  });
  if (sub === 'create' && (!values.slug || !values.name)) throw new UsageError('network create needs --slug and --name.');
  if (sub === 'create' && values.kind && !(NETWORK_KINDS as readonly string[]).includes(values.kind)) {
    throw new UsageError(`--kind must be one of ${NETWORK_KINDS.join(', ')}.`);
  }
  if ((sub === 'add-member' || sub === 'remove-member') && (!values.network || !values.tenant))
    throw new UsageError(`network ${sub} needs --network and --tenant.`);
  if (sub === 'staff' && (!values.network || !values.email || !values.role || !isRole(values.role))) {
    throw new UsageError(`network staff needs --network, --email and --role (${ROLES.join(', ')}).`);
  }
  if (!sub || !['create', 'list', 'add-member', 'remove-member', 'staff'].includes(sub)) throw new UsageError(HELP.network);
  const { db } = await openForCli();
  try {
    if (sub === 'list') {
      const { items } = await listNetworks(db);
      if (values.json) console.log(JSON.stringify(items.map((n) => ({ slug: n.slug, name: n.name, kind: n.kind, members: n.members.map((m) => m.slug) }))));
      else for (const n of items) console.log(`${n.slug}\t${n.name}\t${n.kind}\t${n.members.map((m) => m.slug).join(',')}`);
    } else if (sub === 'create') {
      const kind = (values.kind ?? 'verbund') as (typeof NETWORK_KINDS)[number];
      const n = await createNetwork(db, { slug: values.slug!, name: values.name!, kind });
      console.log(`Created network ${n.name} (${n.slug}). Add members with: civicast network add-member --network ${n.slug} --tenant …`);
    } else if (sub === 'add-member') {
      await addMember(db, CLI_ACTOR, values.network!, values.tenant!);
      console.log(`${values.tenant} is now a member of ${values.network}.`);
    } else if (sub === 'remove-member') {
      await removeMember(db, CLI_ACTOR, values.network!, values.tenant!);
      console.log(`${values.tenant} is no longer a member of ${values.network}.`);
    } else {
      await setNetworkStaff(db, values.network!, values.email!, values.role as (typeof ROLES)[number]);
      console.log(`${values.email} is now ${values.role} of the network ${values.network}.`);
    }
    return 0;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    console.error([err.detail, ...err.errors.map((e) => e.detail)].join(' '));
    return 1;
  } finally {
    await db.close();
  }
}

async function userCommand(sub: string | undefined, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...valueFlags('email', 'tenant', 'role', 'name', 'password'), operator: { type: 'boolean' } },
  });
  if (sub !== 'create' && sub !== 'reset-password') throw new UsageError(HELP.user);
  if (!values.email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(values.email)) throw new UsageError('--email must be an e-mail address.');
  if (values.password !== undefined && values.password.length < 10) throw new UsageError('--password must be at least 10 characters.');
  const email = values.email.toLowerCase();
  const password = values.password ?? generatePassword();
  const { db } = await openForCli();
  try {
    if (sub === 'reset-password') {
      const rows = await db.system
        .update(staffUsers)
        .set({ passwordHash: await hashPassword(password), failedLogins: 0, lockedUntil: null })
        .where(eq(staffUsers.email, email))
        .returning();
      if (!rows.length) {
        console.error(`No staff account with the e-mail address ${email}.`);
        return 1;
      }
      console.log(values.password ? `Password of ${email} changed.` : `New password of ${email}: ${password}`);
      return 0;
    }
    const role = values.role ?? 'viewer';
    if (!isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}.`);
    if (!values.tenant && values.operator) {
      // an operator needs no municipality of their own
      const [existing] = await db.system.select().from(staffUsers).where(eq(staffUsers.email, email));
      if (existing) await db.system.update(staffUsers).set({ isOperator: true }).where(eq(staffUsers.id, existing.id));
      else await db.system.insert(staffUsers).values({ email, name: values.name ?? '', passwordHash: await hashPassword(password), isOperator: true });
      console.log(
        existing ? `${email} is now an installation operator.` : `Created ${email} as installation operator.${values.password ? '' : ` Password: ${password}`}`,
      );
      return 0;
    }
    if (!values.tenant) throw new UsageError('user create needs --tenant <slug> (or --operator).');
    const tenant = await findTenantBySlug(db, values.tenant);
    if (!tenant) {
      console.error(`No municipality with the slug "${values.tenant}". List them with: civicast tenant list`);
      return 1;
    }
    const [existing] = await db.system.select().from(staffUsers).where(eq(staffUsers.email, email));
    const user =
      existing ??
      (
        await db.system
          .insert(staffUsers)
          .values({ email, name: values.name ?? '', passwordHash: await hashPassword(password), isOperator: values.operator ?? false })
          .returning()
      )[0];
    if (existing && values.operator) await db.system.update(staffUsers).set({ isOperator: true }).where(eq(staffUsers.id, existing.id));
    await db.withTenant(tenant.id, (tx) =>
      tx
        .insert(memberships)
        .values({ tenantId: tenant.id, userId: user.id, role })
        .onConflictDoUpdate({ target: [memberships.tenantId, memberships.userId], set: { role } }),
    );
    const operator = values.operator ? ' and installation operator' : '';
    console.log(
      existing
        ? `${email} is now ${role} of ${tenant.name}${operator}.`
        : `Created ${email} as ${role} of ${tenant.name}${operator}.${values.password ? '' : ` Password: ${password}`}`,
    );
    return 0;
  } finally {
    await db.close();
  }
}
