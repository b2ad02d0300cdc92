import { configFromEnvironment } from './config.js';
import { startCentral } from './main.js';

const config = configFromEnvironment(process.env, process.argv.slice(2));
const central = await startCentral(config);
console.log(`Medkarta Central listening on ${central.url} (${central.ctx.db.engine}${config.databaseUrl ? '' : `, data in ${config.dataDir}`})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void central.close().then(() => process.exit(0));
  });
}
