/**
 * The BuiltWith and SimilarWeb stand-ins on a thread of their own (started by
 * `vendor-stand-ins.ts`). On the bench's main thread their arrival times were taken by an event
 * loop that also serves the 1,000 prospect sites and polls the jobs, so a busy moment there
 * stamped several calls late and together, and the busiest second looked busier than it was.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startBuiltWithStandIn } from './builtwith-stand-in.ts';
import { startSimilarWebStandIn } from './similarweb-stand-in.ts';
import type { VendorStandInsRequest, VendorStandInsThreadData } from './vendor-stand-ins.ts';

const port = parentPort;
if (!port) throw new Error('vendor-stand-ins-thread.ts runs as a worker thread');
const data = workerData as VendorStandInsThreadData;
const domains = new Set(data.domains);
const builtwith = await startBuiltWithStandIn({ apiKey: data.keys.builtwith, domains, latencyMs: data.latencyMs });
const similarweb = await startSimilarWebStandIn({ apiKey: data.keys.similarweb, domains, latencyMs: data.latencyMs });
port.postMessage({ builtwith: builtwith.origin, similarweb: similarweb.origin });

port.on('message', (request: VendorStandInsRequest) => {
  if (request === 'report') {
    port.postMessage({ builtwith: builtwith.calls.snapshot(), similarweb: similarweb.calls.snapshot() });
    return;
  }
  void Promise.all([builtwith.close(), similarweb.close()]).then(() => {
    port.postMessage('closed');
    port.close();
  });
});
