// The command line's usage texts, apart from the commands so that `civicast --help` loads nothing else.
import { ROLES } from '../common/roles.ts';
import { NETWORK_KINDS } from '../common/states.ts';

export class UsageError extends Error {}

export const COMMANDS = ['start', 'serve', 'worker', 'migrate', 'tenant', 'user', 'network'];

export const HELP: Record<string, string> = {
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
  worker: `Usage: civicast worker [--lanes all|urgent|bulk]
Runs the job worker only. Meant for DATABASE_URL deployments.
  --lanes urgent  only warnings and transactional messages (codes, confirmations)
  --lanes bulk    every other job: campaigns, reminders, imports, feeds; its heap is capped at 256 MB
                  (CIVICAST_WORKER_HEAP_MB sets another cap, 0 none)
  --lanes all     both (the default)`,
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
