import { describe, expect, it } from 'vitest';
import { createStaleLinkGuard } from './page-target.ts';
import { accountRecordIdOf, findAccountWebsite, salesforceTargetOf } from './salesforce-page.ts';

const page = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const url = (path: string) => new URL(`https://acme.lightning.force.com${path}`);

/** One Lightning page container as Lightning renders it, with a Website layout item. */
const recordPage = (website: string, active = true) => `
  <div class="oneContent${active ? ' active' : ''}">
    <records-record-layout-item field-label="Website" data-target-selection-name="sfdc:RecordField.Account.Website">
      <lightning-formatted-url><a href="${website}" target="_blank">${website.replace(/^https?:\/\//, '')}</a></lightning-formatted-url>
    </records-record-layout-item>
  </div>`;

describe('accountRecordIdOf', () => {
  it('reads 15- and 18-character Account ids from record view URLs', () => {
    expect(accountRecordIdOf(url('/lightning/r/Account/001000000000001AAA/view'))).toBe('001000000000001AAA');
    expect(accountRecordIdOf(url('/lightning/r/Account/001000000000001/view'))).toBe('001000000000001');
  });

  it('ignores other objects, list views and other hosts', () => {
    expect(accountRecordIdOf(url('/lightning/r/Contact/003000000000001AAA/view'))).toBeNull();
    expect(accountRecordIdOf(url('/lightning/o/Account/list'))).toBeNull();
    expect(accountRecordIdOf(new URL('https://evil.example.com/lightning/r/Account/001000000000001AAA/view'))).toBeNull();
  });
});

describe('findAccountWebsite', () => {
  it('reads the Website layout item', () => {
    expect(findAccountWebsite(page(recordPage('http://acme-shop.com')))?.value).toBe('http://acme-shop.com');
  });

  it('reads the highlights panel when the layout is not rendered', () => {
    const doc = page(`<records-highlights-details-item><p title="Website">Website</p><p><a href="https://www.acme-shop.com">www.acme-shop.com</a></p></records-highlights-details-item>
      <records-highlights-details-item><p title="Phone">Phone</p><p><a href="tel:123">123</a></p></records-highlights-details-item>`);
    expect(findAccountWebsite(doc)?.value).toBe('https://www.acme-shop.com');
  });

  it('skips the pages Lightning keeps hidden after in-app navigation', () => {
    expect(findAccountWebsite(page(recordPage('http://previous.com', false) + recordPage('http://current.com')))?.value).toBe('http://current.com');
    expect(findAccountWebsite(page(`<div hidden>${recordPage('http://previous.com')}</div>`))).toBeNull();
  });

  it('is null while the field is not rendered', () => {
    expect(findAccountWebsite(page('<div class="oneContent active"></div>'))).toBeNull();
  });
});

describe('salesforceTargetOf', () => {
  const signal = new AbortController().signal;

  it('keys the card by record and asks with the website host and the record id only', async () => {
    const target = salesforceTargetOf(url('/lightning/r/Account/001000000000001AAA/view'), page(recordPage('https://www.acme-shop.com/about')), createStaleLinkGuard(), { websiteTimeoutMs: 50 });
    expect(target?.key).toBe('salesforce:001000000000001AAA');
    expect(typeof target?.source === 'function' && (await target.source(signal))).toEqual({ type: 'card.forDomain', domain: 'www.acme-shop.com', salesforceRecordId: '001000000000001AAA' });
  });

  it('explains a record without a Website', async () => {
    const target = salesforceTargetOf(url('/lightning/r/Account/001000000000001AAA/view'), page('<div></div>'), createStaleLinkGuard(), { websiteTimeoutMs: 50 });
    expect(typeof target?.source === 'function' && (await target.source(signal))).toMatchObject({ kind: 'error', error: { kind: 'unknown_company' } });
  });

  it("never takes the previous record's Website, still on screen right after navigating, for the new record's", async () => {
    const doc = page(recordPage('http://first.com'));
    const guard = createStaleLinkGuard();
    const first = salesforceTargetOf(url('/lightning/r/Account/001000000000001AAA/view'), doc, guard, { websiteTimeoutMs: 50 });
    expect(typeof first?.source === 'function' && (await first.source(signal))).toMatchObject({ domain: 'first.com' });

    const second = salesforceTargetOf(url('/lightning/r/Account/001000000000002AAA/view'), doc, guard, { websiteTimeoutMs: 1000 });
    const pending = typeof second?.source === 'function' ? second.source(signal) : Promise.reject(new Error('no source'));
    // Lightning renders the new record a moment later, in a new container.
    setTimeout(() => {
      doc.querySelector('.oneContent')?.classList.remove('active');
      doc.body.insertAdjacentHTML('beforeend', recordPage('http://second.com'));
    }, 100);
    expect(await pending).toMatchObject({ domain: 'second.com', salesforceRecordId: '001000000000002AAA' });
  });

  it('has no target off Account record pages', () => {
    expect(salesforceTargetOf(url('/lightning/page/home'), page(''), createStaleLinkGuard())).toBeNull();
  });
});
