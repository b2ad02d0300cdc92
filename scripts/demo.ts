// `npm run demo`: Central with the demo region (embedded PGlite, no PostgreSQL needed), a
// workstation of the demo polyclinic enrolled with the demo administrator, served in browser
// mode. Prints where to go and whom to log in as. README's first command.
import { join } from 'node:path';
import { configFromEnvironment, medkartaDataRoot } from '../src-server/config.js';
import { printDemo } from '../src-server/demo/print.js';
import { startCentral, type RunningCentral } from '../src-server/main.js';
import { openWorkstation } from '../src-main/host/workstation.js';
import { closeOnSignal, DEFAULT_WEB_PORT, serveWorkstation } from '../src-main/cli/serve.js';

const env = process.env;

async function startDemoCentral(): Promise<RunningCentral> {
  const config = configFromEnvironment(env, ['--demo']);
  const progress = (text: string) => console.log(`[central] ${text}`);
  try {
    return await startCentral(config, { progress });
  } catch (error) {
    // Something else holds the usual port: any free one will do, the URL is printed.
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return startCentral({ ...config, port: 0 }, { progress });
  }
}

async function main() {
  console.log('Starting Central with the demo region (the first start creates it; this takes a while)...');
  const central = await startDemoCentral();
  const demo = central.startup.demo!;
  const ws = await openWorkstation({ dataDir: join(medkartaDataRoot(env), 'workstation-demo'), centralUrl: central.url });
  if (!ws.enrolment()) {
    const admin = demo.users.find((user) => user.role === 'clinic-admin' && user.username === 'admin') ?? demo.users.find((user) => user.role === 'clinic-admin');
    if (!admin) throw new Error('The demo region has no clinic administrator to enrol the workstation with');
    const enrolled = await ws.enrol({ username: admin.username, password: demo.password, display: 'Демо: кабинет 201' });
    console.log(`Workstation enrolled for ${enrolled.organizationName} by ${admin.username}`);
  }
  console.log('Synchronising the workstation with Central...');
  const status = await ws.sync.syncNow();
  console.log(`Workstation: ${ws.store().patients.count()} patients on this workstation${status.lastError ? ` (sync: ${status.lastError})` : ''}`);
  const host = await serveWorkstation(ws, Number(env.MEDKARTA_WEB_PORT ?? DEFAULT_WEB_PORT));
  printDemo(demo, central.url);
  console.log(`Central:      ${central.url}`);
  console.log(`Workstation:  ${host.url}   <- open this in a browser; log in as one of the users above (${ws.enrolment()!.organizationName})`);
  console.log('Ctrl-C stops both.');
  closeOnSignal(async () => {
    await host.close();
    await ws.close();
    await central.close();
  });
}

main().catch((error: unknown) => {
  console.error('The demo could not start:', error);
  process.exit(1);
});
