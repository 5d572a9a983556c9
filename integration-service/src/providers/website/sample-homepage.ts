import type { PageInput } from './page-signals.ts';

/**
 * A small made-up storefront homepage (reserved example.com domain) with what real ones carry:
 * platform and search-vendor scripts, meta and Open Graph tags, JSON-LD, cookies, a search box,
 * social and careers links. Read at a worker's start so the readers' code is compiled before the
 * first prospect's page (see `warm-up-readers.ts`); never stored or shown.
 */
export const SAMPLE_HOMEPAGE: PageInput = {
  url: 'https://www.example.com/',
  headers: {
    'content-type': 'text/html; charset=utf-8',
    server: 'cloudflare',
    'x-shopify-stage': 'production',
    'set-cookie': ['_shopify_y=0a1b2c; path=/; secure', 'cart_currency=USD; path=/'],
    'cache-control': 'max-age=0, private',
  },
  body: `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Example Outdoor Co. | Gear for every trail</title>
<meta name="description" content="Tents, packs and trail shoes, shipped free over $50.">
<meta name="generator" content="Shopify">
<meta property="og:site_name" content="Example Outdoor Co.">
<meta property="og:title" content="Example Outdoor Co.">
<meta property="og:image" content="https://cdn.shopify.com/s/files/1/0000/0001/files/logo.png">
<link rel="canonical" href="https://www.example.com/">
<link rel="icon" href="//www.example.com/favicon.png">
<link rel="stylesheet" href="https://cdn.shopify.com/s/files/1/0000/0001/t/1/assets/theme.css">
<script src="https://cdn.shopify.com/s/files/1/0000/0001/t/1/assets/theme.js" defer></script>
<script src="https://cdn.jsdelivr.net/npm/algoliasearch@4.22.1/dist/algoliasearch-lite.umd.js"></script>
<script src="https://cdn.jsdelivr.net/npm/instantsearch.js@4.63.0/dist/instantsearch.production.min.js"></script>
<script async src="https://www.googletagmanager.com/gtag/js?id=G-EXAMPLE"></script>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Organization","name":"Example Outdoor Co.","url":"https://www.example.com","logo":"https://www.example.com/logo.png","description":"Outdoor gear since 1998.","sameAs":["https://www.linkedin.com/company/example-outdoor","https://twitter.com/exampleoutdoor"]}</script>
<script>window.Shopify = window.Shopify || {}; Shopify.shop = "example-outdoor.myshopify.com"; Shopify.theme = {"name":"Dawn","id":1};</script>
<style>.site-header{display:flex;gap:1rem}.product-card{border:1px solid #ddd}</style>
</head>
<body class="template-index">
<header class="site-header">
  <a href="/" class="site-header__logo"><img src="//www.example.com/logo.png" alt="Example Outdoor Co." width="120" height="40"></a>
  <nav><ul><li><a href="/collections/tents">Tents</a></li><li><a href="/collections/packs">Packs</a></li><li><a href="/collections/shoes">Trail shoes</a></li></ul></nav>
  <form action="/search" method="get" role="search"><input type="search" name="q" class="ais-SearchBox-input" placeholder="Search"></form>
</header>
<main id="MainContent">
  <section class="hero"><h1>Gear for every trail</h1><p>Free shipping over $50.</p></section>
  <div class="product-card" data-product-id="1"><a href="/products/ridge-tent"><img src="//www.example.com/ridge-tent.jpg" alt="Ridge tent"></a><h2>Ridge 2P tent</h2><span class="price">$349.00</span></div>
  <div class="product-card" data-product-id="2"><a href="/products/summit-pack"><img src="//www.example.com/summit-pack.jpg" alt="Summit pack"></a><h2>Summit 40 L pack</h2><span class="price">$189.00</span></div>
</main>
<footer>
  <a href="https://www.linkedin.com/company/example-outdoor">LinkedIn</a>
  <a href="https://www.instagram.com/exampleoutdoor">Instagram</a>
  <a href="/pages/careers">Careers</a>
  <a href="/pages/contact">Contact</a>
  <p>&copy; 2026 Example Outdoor Co.</p>
</footer>
</body>
</html>
`,
};
