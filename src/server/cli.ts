// civicast: start | serve | worker | migrate | tenant create|list | user create|reset-password. Exit codes: 0 ok,
// 1 failed, 2 wrong usage, 3 data directory in use, 4 configuration invalid.
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { isRole, ROLES } from '../common/roles.ts';
import { hashPassword } from './platform/auth/password.ts';
import { ConfigError } from './platform/config.ts';
import { AppError } from './platform/errors.ts';
import { DataDirInUseError } from './platform/db/client.ts';
import { memberships, staffUsers } from './platform/db/schema.ts';
import { createTenant, findTenantBySlug, listTenants } from './modules/tenants/index.ts';
import { addMember, createNetwork, listNetworks, removeMember, setNetworkStaff } from './modules/networks/index.ts';
import { NETWORK_KINDS } from '../common/states.ts';
import { generatePassword } from './seed.ts';
import { openForCli, run } from './main.ts';

class UsageError extends Error {}

const HELP: Record<string, string> = {
  main: `Usage: civicast <command> [options]

Commands:
  start                     HTTP and job worker in one process (default of npm start)
  serve                     HTTP only (run any number, with DATABASE_URL)
  worker                    jobs only (run any number, with DATABASE_URL)
  migrate                   apply database migrations and exit
  tenant create|list        manage municipalities
  user create|reset-password  manage staff accounts
  network create|list|add-member|remove-member|staff  manage networks (Landkreis, Verbund)

Run "civicast <command> --help" for the options of one command.
Environment: PORT, DATABASE_URL, CIVICAST_DATA_DIR, CIVICAST_SECRET_KEY, CIVICAST_ADMIN_EMAIL, CIVICAST_ADMIN_PASSWORD (see README).
Exit codes: 0 ok, 1 failed, 2 wrong usage, 3 data directory in use, 4 configuration invalid.`,
  start: 'Usage: civicast start\nRuns HTTP and the job worker in one process. Embedded PGlite under CIVICAST_DATA_DIR (./data) unless DATABASE_URL is set.',
  serve: 'Usage: civicast serve\nRuns HTTP only; jobs are enqueued for workers. Meant for DATABASE_URL deployments.',
  worker: 'Usage: civicast worker\nRuns the job worker only. Meant for DATABASE_URL deployments.',
  migrate: 'Usage: civicast migrate\nApplies pending SQL migrations and exits.',
  tenant: `Usage:
  civicast tenant create --slug <slug> --name <name> [--ags <8 digits>] [--locale de|en] [--time-zone Europe/Berlin]
  civicast tenant list [--json]`,
  network: `Usage:
  civicast network create --slug <slug> --name <name> [--kind ${NETWORK_KINDS.join('|')}]
  civicast network list [--json]
  civicast network add-member --network <slug> --tenant <slug>
  civicast network remove-member --network <slug> --tenant <slug>
  civicast network staff --network <slug> --email <email> --role ${ROLES.join('|')}
A network's staff see its console pages (members, shared templates, messages and warnings to members' residents);
the account must exist (civicast user create). A network role gives no right inside a member municipality.`,
  user: `Usage:
  civicast user create --email <email> --tenant <slug> [--role ${ROLES.join('|')}] [--name <name>] [--password <pw>] [--operator]
  civicast user create --email <email> --operator [--name <name>] [--password <pw>]
  civicast user reset-password --email <email> [--password <pw>]
A generated password is printed when --password is not given.
--operator makes the account an installation operator (a role above municipalities: create municipalities in the
console or through /api/v1/installation while the server runs, read the installation's own mails).`,
};

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP.main);
    return command ? 0 : 2;
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    if (!HELP[command]) throw new UsageError(`Unknown command "${command}".`);
    console.log(HELP[command]);
    return 0;
  }
  switch (command) {
    case 'start':
    case 'serve':
    case 'worker':
      await run(command === 'start' ? 'all' : command);
      return -1; // keeps running
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
    const { values } = parseArgs({
      args,
      options: { slug: { type: 'string' }, name: { type: 'string' }, ags: { type: 'string' }, locale: { type: 'string' }, 'time-zone': { type: 'string' } },
    });
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
    options: {
      slug: { type: 'string' },
      name: { type: 'string' },
      kind: { type: 'string' },
      network: { type: 'string' },
      tenant: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      json: { type: 'boolean' },
    },
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
    options: {
      email: { type: 'string' },
      tenant: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      operator: { type: 'boolean' },
    },
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

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    if (err instanceof UsageError) {
      console.error(err.message);
      process.exit(2);
    }
    if (err instanceof DataDirInUseError) {
      console.error(err.message);
      process.exit(3);
    }
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(4);
    }
    if ((err as { issues?: unknown }).issues) {
      console.error(
        `Invalid input: ${(err as { issues: { path: string[]; message: string }[] }).issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
      process.exit(2);
    }
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
