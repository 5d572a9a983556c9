import { describe, expect, it } from 'vitest';
import { soqlDateTime, soqlLikeLiteral, soqlString, soqlStringList } from './soql-escape.ts';

describe('SOQL escaping', () => {
  it('escapes quotes and backslashes so a value cannot end its literal', () => {
    expect(soqlString("O'Brien")).toBe("'O\\'Brien'");
    expect(soqlString('back\\slash')).toBe("'back\\\\slash'");
    // The classic injection: the quote is escaped, the backslash before it too.
    expect(soqlString("x\\' OR Name != '")).toBe("'x\\\\\\' OR Name != \\''");
    expect(soqlString('say "hi"\n')).toBe("'say \\\"hi\\\"\\n'");
  });

  it('leaves % and _ alone in = / IN literals but escapes them for LIKE', () => {
    expect(soqlString('100%_done')).toBe("'100%_done'");
    expect(soqlLikeLiteral("100%_O'K")).toBe("'100\\%\\_O\\'K'");
  });

  it('builds IN lists and dateTime literals, refusing what would be invalid SOQL', () => {
    expect(soqlStringList(['Qualification', "Needs 'Analysis'"])).toBe("'Qualification', 'Needs \\'Analysis\\''");
    expect(() => soqlStringList([])).toThrow(/at least one/);
    expect(soqlDateTime(new Date('2026-12-03T19:00:00Z'))).toBe('2026-12-03T19:00:00.000Z');
    expect(() => soqlDateTime(new Date('nope'))).toThrow(/invalid date/);
  });
});
