// `npm start` (after the build): opens the workstation in Electron, or says plainly how to get
// Electron when its binary was not downloaded (the install blocks Electron's download script).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let electronPath;
try {
  electronPath = require('electron');
} catch (error) {
  console.error('Electron is not installed on this machine:', error instanceof Error ? error.message : error);
  console.error('Download its binary once with `node node_modules/electron/install.js`, or use browser mode: `npm run web`.');
  process.exit(1);
}
const child = spawn(electronPath, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
