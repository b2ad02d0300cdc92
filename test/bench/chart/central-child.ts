/** Central with the demo region in a process of its own, so the bench measures the workstation's memory alone. */
import { startE2eCentral } from '../../e2e/support/central.js';

const central = await startE2eCentral();
console.log(`CENTRAL ${central.url}`);
process.on('SIGTERM', () => void central.close().then(() => process.exit(0)));
