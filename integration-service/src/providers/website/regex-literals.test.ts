import { describe, expect, it } from 'vitest';
import { requiredLiterals, strongestClause } from './regex-literals.ts';

describe('requiredLiterals', () => {
  it.each([
    ['cdn\\.shopify\\.com', [['cdn.shopify.com']]],
    ['<div class="[^"]*parbase', [['<div class="'], ['parbase']]],
    ['<[^>]{1,250}data-controller', [['data-controller']]],
    ['\\/etc\\.clientlibs\\/', [['/etc.clientlibs/']]],
    ['Shopify\\.theme', [['shopify.theme']]],
    ['ab?cdef', [['cdef']]],
    ['abc+def', [['abc'], ['def']]],
    ['abcx*def', [['abc'], ['def']]],
    ['(?:foo|bar)baz1', [['foo', 'bar'], ['baz1']]],
    ['(?:\\.min)?\\.jsxx', [['.jsxx']]],
    ['swiftype\\.com\\/embed\\.js$', [['swiftype.com/embed.js']]],
    ['^https?:\\/\\/.+\\.agilone\\.com', [['http'], ['://'], ['.agilone.com']]],
    ['js\\.klevu\\.\\w+\\/klevu-js-v([\\d.]+)', [['js.klevu.'], ['/klevu-js-v']]],
  ])('%s needs %j', (source, clauses) => {
    expect(requiredLiterals(source)).toEqual(clauses);
  });

  it('gives one clause with a literal per branch for a top-level alternation, bare or wrapped', () => {
    expect(requiredLiterals('<!--GrandNode |Powered by: <a[^>]{1,250}nopcommerce')).toEqual([['<!--grandnode ', 'powered by: <a']]);
    expect(requiredLiterals('(?:<title>SQL Buddy<\\/title>|<[^>]{1,250}onclick="sideMainClick\\("home\\.php)')).toEqual([
      ['<title>sql buddy</title>', 'onclick="sidemainclick("home.php'],
    ]);
  });

  it('gives nothing when one branch needs no literal', () => {
    expect(requiredLiterals('foobar|\\d+')).toEqual([]);
  });

  it('ignores lookarounds, optional groups, classes, escapes and non-ASCII', () => {
    expect(requiredLiterals('<html[^>]{0,250} (?:amp|⚡)[^-]')).toEqual([['<html']]);
    expect(requiredLiterals('(?!svg)abc')).toEqual([['abc']]);
    expect(requiredLiterals('(?:xyz)?abc')).toEqual([['abc']]);
    expect(requiredLiterals('caf\u00e9bar')).toEqual([['caf'], ['bar']]);
    expect(requiredLiterals('a\\x41bcd\\u0041efg\\1hij')).toEqual([['bcd'], ['efg'], ['hij']]);
  });

  it('drops literals shorter than 3 characters', () => {
    expect(requiredLiterals('ab.cd')).toEqual([]);
  });

  it('gives nothing for a source it cannot read', () => {
    expect(requiredLiterals('abc(def')).toEqual([]);
    expect(requiredLiterals('abc)def')).toEqual([]);
    expect(requiredLiterals('[abc')).toEqual([]);
  });

  it('is sound on matching samples: every clause has a literal in the text the regex matched', () => {
    const samples: Array<[string, string]> = [
      ['<div class="[^"]*parbase', '<div class="section PARBASE title">'],
      ['(?:foo|bar)baz1', 'xxBARbaz1'],
      ['abc+def', 'abccccdef'],
      ['Powered by <a[^>]{1,250}>Django ?([\\d.]{1,250})?<\\/a>', 'powered by <a href="x">Django 4.2</a>'],
      ['<script[^>]{1,250}hybris[^>]{0,250}\\.js', '<script src="/_ui/hybris-min.js">'],
    ];
    for (const [source, text] of samples) {
      expect(new RegExp(source, 'i').test(text)).toBe(true);
      for (const clause of requiredLiterals(source)) expect(clause.some((literal) => text.toLowerCase().includes(literal))).toBe(true);
    }
  });
});

describe('strongestClause', () => {
  it('prefers the clause whose shortest literal is longest, then the one with fewer choices', () => {
    expect(strongestClause([['abc'], ['abcdef', 'xyz'], ['abcdefg']])).toEqual(['abcdefg']);
    expect(strongestClause([['abcd', 'efgh'], ['wxyz']])).toEqual(['wxyz']);
    expect(strongestClause([])).toBeUndefined();
  });
});
