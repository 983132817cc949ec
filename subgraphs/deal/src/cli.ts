import { parseArgs } from 'node:util';
import { createLogger, loadServiceConfig } from '@emporium/kit';
import { ingestCommand, runCli, simulateCommand, USAGE, type CliIo } from './cli/commands.ts';
import { openDealRuntime } from './runtime.ts';
import { simProductsFromRetail } from './simulator/generate.ts';

// The deal subgraph's command line (README: commands). Progress goes to stderr, results to stdout.
const io: CliIo = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };
const argv = process.argv.slice(2);
if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
  io.out(USAGE);
  process.exit(0);
}
const config = loadServiceConfig('deal');
const rt = await openDealRuntime({ config, logger: createLogger('deal', process.env.LOG_LEVEL ?? 'warn') });
let code = 0;
try {
  if (argv[0] === 'simulate') {
    const { values } = parseArgs({
      args: argv.slice(1),
      options: { port: { type: 'string' }, seed: { type: 'string' }, 'max-rows': { type: 'string' }, register: { type: 'boolean' }, ingest: { type: 'boolean' } },
      strict: true,
    });
    const { loadRetailDataset } = await import('@emporium/retail-data');
    io.err('reading the Online Retail data set…');
    const data = await loadRetailDataset({ now: rt.clock.now(), ...(values['max-rows'] ? { maxRows: Number(values['max-rows']) } : {}) });
    const sim = await simulateCommand(rt, simProductsFromRetail(data.products), io, {
      port: Number(values.port ?? 4190),
      seed: Number(values.seed ?? 42),
      register: values.register ?? false,
    });
    if (values.ingest) {
      await ingestCommand(rt, io);
      await sim.close();
    } else {
      io.err('serving until Ctrl-C');
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
      await sim.close();
    }
  } else {
    code = await runCli(rt, argv, io);
  }
} catch (err) {
  io.err(err instanceof Error ? err.message : String(err));
  code = 1;
} finally {
  await rt.close();
}
process.exit(code);
