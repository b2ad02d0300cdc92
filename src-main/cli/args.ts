import { homedir } from 'node:os';
import { join } from 'node:path';

export interface CliArgs {
  command: string | undefined;
  /** Words after the command (a search text, a patient). */
  rest: string[];
  options: Map<string, string | true>;
}

/** `ws <command> [words] [--name value | --flag]`; `--name=value` works too. */
export function parseArgs(argv: readonly string[]): CliArgs {
  const options = new Map<string, string | true>();
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      words.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (inline !== undefined) options.set(name, inline);
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--') && !FLAGS.has(name)) options.set(name, argv[++i]!);
    else options.set(name, true);
  }
  return { command: words[0], rest: words.slice(1), options };
}

/** Options that never take a value. */
const FLAGS = new Set(['json', 'help']);

export function option(args: CliArgs, name: string): string | undefined {
  const value = args.options.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** The workstation's data folder: --data, MEDKARTA_WS_DATA, or <MEDKARTA_DATA_DIR or ~/.local/share/medkarta>/workstation. */
export function dataDirOf(args: CliArgs, env: NodeJS.ProcessEnv): string {
  const root = env.MEDKARTA_DATA_DIR || join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'medkarta');
  return option(args, 'data') ?? env.MEDKARTA_WS_DATA ?? join(root, 'workstation');
}

export const USAGE = `Medkarta workstation, headless: npm run ws -- <command> [options]

  enrol  --username <clinic admin> [--display <name>]   enrol this workstation with Central
  login  --username <user>                              log in (online the first time); lasts 12 h
  logout                                                end the saved session
  sync                                                  push local changes, pull until up to date
  status                                                enrolment, session and sync state
  search <text>                                         find patients (name, personal number, birth date)
  open <patient id or personal number> [--reason <why>] print the chart summary; with --reason a
                                                        patient outside the scope is fetched from Central

Options: --data <folder> (or MEDKARTA_WS_DATA), --central <url> (or MEDKARTA_CENTRAL_URL), --json.
Passwords are read from MEDKARTA_PASSWORD or asked for. With MEDKARTA_WS_PASSPHRASE set, the
database key is derived from that passphrase instead of the key file in the data folder.`;
