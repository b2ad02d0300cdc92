import { openWorkstation } from '../host/workstation.js';
import { dataDirOf, option, parseArgs } from './args.js';
import { closeOnSignal, DEFAULT_WEB_PORT, serveWorkstation } from './serve.js';

/** `npm run web`: the workstation for a browser, on this machine's data folder. */
async function main() {
  const args = parseArgs(process.argv.slice(2));
  const ws = await openWorkstation({
    dataDir: dataDirOf(args, process.env),
    ...(option(args, 'central') ?? process.env.MEDKARTA_CENTRAL_URL ? { centralUrl: option(args, 'central') ?? process.env.MEDKARTA_CENTRAL_URL } : {}),
    ...(process.env.MEDKARTA_WS_PASSPHRASE ? { passphrase: process.env.MEDKARTA_WS_PASSPHRASE } : {}),
  });
  const host = await serveWorkstation(ws, Number(option(args, 'port') ?? process.env.MEDKARTA_WEB_PORT ?? DEFAULT_WEB_PORT));
  const enrolment = ws.enrolment();
  console.log(`Medkarta workstation (browser mode): ${host.url}`);
  console.log(enrolment ? `Enrolled for ${enrolment.organizationName}; Central ${ws.centralUrl()}` : `Not enrolled yet: npm run ws -- enrol --username <clinic admin> (Central ${ws.centralUrl()})`);
  closeOnSignal(async () => {
    await host.close();
    await ws.close();
  });
}

main().catch((error: unknown) => {
  console.error('The workstation could not start:', error);
  process.exit(1);
});
