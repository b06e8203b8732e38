// civicast: start | serve | worker | migrate | tenant create|list | user create|reset-password. Exit codes: 0 ok,
// 1 failed, 2 wrong usage, 3 data directory in use, 4 configuration invalid. Usage texts come from cli.help.ts and
// the commands from cli.commands.ts, loaded only when a command runs: `civicast --help` loads no server code.
import { COMMANDS, HELP, UsageError } from './cli.help.ts';

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
  if (!COMMANDS.includes(command)) throw new UsageError(`Unknown command "${command}".`);
  const { runCommand } = await import('./cli.commands.ts');
  return runCommand(command, sub, rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  async (err) => {
    if (err instanceof UsageError) {
      console.error(err.message);
      process.exit(2);
    }
    const { exitCodeOf } = await import('./cli.commands.ts');
    const code = exitCodeOf(err);
    if (code === 2) {
      console.error(
        `Invalid input: ${(err as { issues: { path: string[]; message: string }[] }).issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    } else console.error(err instanceof Error ? err.message : err);
    process.exit(code);
  },
);
