/** Worker-thread entry of {@link linkToCatalogInWorker}: links the deals it is given and posts the links back. */
import { parentPort, workerData } from 'node:worker_threads';
import { linkToCatalog, type CatalogEntry } from './link.ts';

const input = workerData as { deals: { title: string; gtin: string | null }[]; catalog: CatalogEntry[]; threshold: number };
void linkToCatalog(input.deals, input.catalog, input.threshold).then((links) => parentPort!.postMessage(links));
