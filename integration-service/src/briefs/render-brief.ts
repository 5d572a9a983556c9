import { h } from 'preact';
import { renderToStaticMarkup } from 'preact-render-to-string';
import { BriefPage } from './brief-page.ts';
import { BRIEF_CSS } from './brief-styles.ts';
import type { BriefModel } from './brief.service.ts';

/** The brief as a complete HTML document (server-rendered, no script). */
export function renderBriefHtml(model: BriefModel): string {
  const page = renderToStaticMarkup(
    h(
      'html',
      { lang: 'en' },
      h(
        'head',
        null,
        h('meta', { charSet: 'utf-8' }),
        h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
        // The token in the URL is a credential: keep it out of other sites' logs and of search engines.
        h('meta', { name: 'referrer', content: 'no-referrer' }),
        h('meta', { name: 'robots', content: 'noindex, nofollow' }),
        h('title', null, `${model.card.title} · Pre-call brief`),
        h('style', { dangerouslySetInnerHTML: { __html: BRIEF_CSS } }),
      ),
      h('body', null, h(BriefPage, { model })),
    ),
  );
  return `<!doctype html>\n${page}`;
}

/** A small page for a refused or missing brief (the same look, no data). */
export function renderBriefNotice(title: string, message: string): string {
  const page = renderToStaticMarkup(
    h(
      'html',
      { lang: 'en' },
      h('head', null, h('meta', { charSet: 'utf-8' }), h('meta', { name: 'robots', content: 'noindex, nofollow' }), h('title', null, title), h('style', { dangerouslySetInnerHTML: { __html: BRIEF_CSS } })),
      h('body', null, h('main', { class: 'brief' }, h('section', { class: 'card' }, h('h2', null, title), h('p', null, message)))),
    ),
  );
  return `<!doctype html>\n${page}`;
}
