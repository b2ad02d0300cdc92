import { createInterface } from 'node:readline';

/** Asks for a secret on the terminal without echoing it; from MEDKARTA_PASSWORD when set (scripts, kiosks). */
export async function askPassword(question: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.MEDKARTA_PASSWORD) return env.MEDKARTA_PASSWORD;
  if (!process.stdin.isTTY) throw new Error('No terminal to ask for the password on: set MEDKARTA_PASSWORD');
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const output = rl as unknown as { _writeToOutput: (text: string) => void };
  let asked = false;
  output._writeToOutput = (text: string) => {
    // Print the question once, then nothing of what is typed.
    if (!asked) process.stdout.write(text);
    asked = true;
  };
  try {
    return await new Promise<string>((resolve) => rl.question(question, resolve));
  } finally {
    rl.close();
    process.stdout.write('\n');
  }
}
