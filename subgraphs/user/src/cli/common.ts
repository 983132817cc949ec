import { createInterface } from 'node:readline';
import { ConfigError, createLogger, loadServiceConfig } from '@emporium/kit';
import { openUserRuntime, type UserRuntime } from '../runtime.ts';

/**
 * Opens the user subgraph's database for a command-line tool. Embedded PGlite is single-process: when no
 * DATABASE_URL is set and the user subgraph answers on its port (the platform is running), this refuses instead of
 * opening the same data directory twice.
 */
export async function openForCli(): Promise<UserRuntime> {
  const config = { ...loadServiceConfig('user'), logLevel: 'warn' as const };
  if (!config.databaseUrl) {
    const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}/health`;
    const running = await fetch(url, { signal: AbortSignal.timeout(1_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (running) {
      throw new ConfigError(
        `The user subgraph is running on port ${config.port} with its embedded database (${config.pgliteDir}), which only one process may open. Stop it first, or use DATABASE_URL.`,
      );
    }
  }
  return openUserRuntime({ config, logger: createLogger('user', 'warn') });
}

/** Reads a secret: from `envName` when set, else the first line of piped stdin, else a hidden prompt (asked twice). */
export async function readSecret(envName: string, prompt: string): Promise<string> {
  const fromEnv = process.env[envName];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) {
    let data = '';
    for await (const chunk of process.stdin) data += String(chunk);
    return data.split(/\r?\n/)[0] ?? '';
  }
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
      const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
      out._writeToOutput = (s: string) => {
        // Echo the prompt and line breaks, never the typed characters.
        if (s.startsWith(q) || s === '\r\n' || s === '\n') process.stdout.write(s.startsWith(q) ? q : s);
      };
      rl.question(q, (answer) => {
        rl.close();
        process.stdout.write('\n');
        resolve(answer);
      });
    });
  const first = await ask(prompt);
  const second = await ask('Repeat it: ');
  if (first !== second) throw new ConfigError('The two entries differ.');
  return first;
}
