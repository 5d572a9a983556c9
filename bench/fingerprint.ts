// Technology detection on a ~500 KB homepage, against a baseline measured in the same run: one
// regex pass collecting every tag of the same page (the least any HTML reader pays).
import { readSavedPage } from '../integration-service/src/providers/website/__fixtures__/fixture-sites.ts';
import { detectTechnologies } from '../integration-service/src/providers/website/fingerprint.ts';

const page = { url: 'https://www.acme-shop.com/', ...readSavedPage('shopify-algolia') };
const grid = /<li class="grid__item[\s\S]*?<\/li>/.exec(page.body)?.[0] ?? '';
let cards = '';
while (cards.length < 480_000) cards += grid;
const big = { ...page, body: page.body.replace('</main>', `<ul>${cards}</ul></main>`) };

function median(run: () => unknown, times = 9): number {
  for (let i = 0; i < 2; i++) run();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b)[Math.floor(times / 2)] as number;
}

const detectMs = median(() => detectTechnologies(big));
const parseMs = median(() => [...big.body.matchAll(/<([a-z][\w-]*)[^>]*>/gi)].length);
const result = { pageKb: Math.round(big.body.length / 1024), detectMedianMs: Number(detectMs.toFixed(1)), tagScanMedianMs: Number(parseMs.toFixed(1)), ratio: Number((detectMs / parseMs).toFixed(2)), goalMs: 200 };
process.stdout.write(`fingerprint: ${result.pageKb} KB page, detection median ${result.detectMedianMs} ms (goal < 200 ms), tag scan ${result.tagScanMedianMs} ms, ratio ${result.ratio}\n`);
process.stdout.write(`${JSON.stringify(result)}\n`);
