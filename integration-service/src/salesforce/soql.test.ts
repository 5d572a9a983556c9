import { describe, expect, it } from 'vitest';
import { escapeSoqlLike, escapeSoqlString, soql, soqlContains, soqlRaw } from './soql.ts';

describe('SOQL escaping', () => {
  it('escapes quotes and backslashes so a value cannot close its literal', () => {
    const name = "O'Reilly \\' OR Name != '";
    expect(escapeSoqlString(name)).toBe("O\\'Reilly \\\\\\' OR Name != \\'");
    const query = soql`SELECT Id FROM Account WHERE Name = ${name}`;
    expect(query).toBe("SELECT Id FROM Account WHERE Name = 'O\\'Reilly \\\\\\' OR Name != \\''");
    // Every quote inside the literal is preceded by an odd number of backslashes: the literal
    // ends only at the final quote.
    const inner = query.slice(query.indexOf("'") + 1, -1);
    for (const match of inner.matchAll(/(\\*)'/g)) expect((match[1] as string).length % 2).toBe(1);
  });

  it('escapes double quotes and control characters', () => {
    expect(escapeSoqlString('a"b\nc\td\r')).toBe('a\\"b\\nc\\td\\r');
  });

  it('makes % and _ literal in LIKE patterns, after escaping backslashes', () => {
    expect(escapeSoqlLike('100%_off\\')).toBe('100\\%\\_off\\\\');
    expect(soql`SELECT Id FROM Account WHERE Name LIKE ${soqlContains("50%_O'Neil")}`).toBe(
      "SELECT Id FROM Account WHERE Name LIKE '%50\\%\\_O\\'Neil%'",
    );
  });

  it('writes dates, numbers, lists and trusted SOQL', () => {
    const since = new Date('2026-11-22T10:00:00Z');
    expect(soql`WHERE ${soqlRaw("Type = 'Prospect'")} AND SystemModstamp >= ${since} AND Id IN ${['001A', "x'y"]} LIMIT ${200}`).toBe(
      "WHERE Type = 'Prospect' AND SystemModstamp >= 2026-11-22T10:00:00.000Z AND Id IN ('001A', 'x\\'y') LIMIT 200",
    );
    expect(() => soql`LIMIT ${Number.NaN}`).toThrow(TypeError);
    expect(() => soql`WHERE Id IN ${[]}`).toThrow(TypeError);
  });
});
