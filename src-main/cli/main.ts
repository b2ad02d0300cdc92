import { openWorkstation } from '../host/workstation.js';
import { dataDirOf, option, parseArgs, USAGE } from './args.js';
import { CliError, COMMANDS } from './commands.js';

/**
 * `npm run ws -- <command>`: the workstation without a window, for kiosks and overnight prefetch.
 * Every command goes through the same services (the handler map) as the desktop application.
 */
async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const args = parseArgs(argv);
  const command = args.command ? COMMANDS[args.command] : undefined;
  if (!command || args.options.has('help')) {
    console.log(USAGE);
    return command || args.options.has('help') ? 0 : 2;
  }
  const ws = await openWorkstation({
    dataDir: dataDirOf(args, env),
    ...(option(args, 'central') ?? env.MEDKARTA_CENTRAL_URL ? { centralUrl: option(args, 'central') ?? env.MEDKARTA_CENTRAL_URL } : {}),
    ...(env.MEDKARTA_WS_PASSPHRASE ? { passphrase: env.MEDKARTA_WS_PASSPHRASE } : {}),
    background: false,
    sync: { listen: false },
    log: (message, error) => console.error(`[workstation] ${message}`, error instanceof Error ? error.message : (error ?? '')),
  });
  try {
    await command({ ws, args, json: args.options.has('json'), print: (text) => console.log(text) });
    return 0;
  } catch (error) {
    if (error instanceof CliError || (error instanceof Error && error.name === 'ServiceError')) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await ws.close();
  }
}

main(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('ws failed:', error);
    process.exit(1);
  },
);
