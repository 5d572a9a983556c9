import { describe, expect, it } from 'vitest';
import { readJsonLd, textOf, typesOf } from './json-ld.ts';

describe('readJsonLd', () => {
  it('reads objects, arrays and @graph, top-level before nested', () => {
    const { nodes, malformedBlocks } = readJsonLd([
      '{"@type":"WebSite","name":"Acme","publisher":{"@type":"Organization","name":"Acme Inc"}}',
      '[{"@type":"Product","name":"Tent"}]',
      '{"@context":"https://schema.org","@graph":[{"@type":"Organization","name":"Graph Org"}]}',
    ]);
    expect(malformedBlocks).toBe(0);
    expect(nodes.map((node) => textOf(node, 'name'))).toEqual(['Acme', 'Tent', 'Graph Org', 'Acme Inc']);
  });

  it('repairs what sites commonly get wrong', () => {
    const { nodes, malformedBlocks } = readJsonLd([
      '<!-- {"@type":"Organization","name":"Commented"} -->',
      '//<![CDATA[\n{"@type":"Organization","name":"CDATA"}\n//]]>',
      '{"@type":"Organization","name":"Raw\nnewline","sameAs":["https://x.com/a",],}',
      '{"@type":"Organization","name":"First"}\n{"@type":"Organization","name":"Second"}',
    ]);
    expect(malformedBlocks).toBe(0);
    expect(nodes.map((node) => textOf(node, 'name'))).toEqual(['Commented', 'CDATA', 'Raw newline', 'First', 'Second']);
  });

  it('counts and skips blocks it cannot read, without throwing', () => {
    const { nodes, malformedBlocks } = readJsonLd(['{"@type": "WebPage", "name": "Trunc', 'not json', '', '{"@type":"Organization","name":"Fine"}']);
    expect(malformedBlocks).toBe(3);
    expect(nodes.map((node) => textOf(node, 'name'))).toEqual(['Fine']);
  });

  it('reads prefixed types and object values', () => {
    const [node] = readJsonLd(['{"@type":["schema:Corporation","https://schema.org/Brand"],"name":{"@value":"Acme"}}']).nodes;
    expect(node && typesOf(node)).toEqual(['Corporation', 'Brand']);
    expect(node && textOf(node, 'name')).toBe('Acme');
  });
});
