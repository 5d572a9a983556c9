/**
 * Reading officer lists (Yahoo Finance `officers: [{ name, title }]`) as "who holds which
 * C-level role", so that a reworded title or a middle initial is not mistaken for a new person.
 */

/** C-level abbreviations and the words of their long form ("Chief <words> Officer"). */
const C_LEVEL_ROLES: ReadonlyArray<readonly [abbreviation: string, longForm: string]> = [
  ['CEO', 'executive'],
  ['CFO', 'financial'],
  ['COO', 'operating'],
  ['CTO', 'technology'],
  ['CIO', 'information'],
  ['CMO', 'marketing'],
  ['CDO', 'digital'],
  ['CRO', 'revenue'],
  ['CPO', 'product'],
  ['CISO', 'information security'],
  ['CHRO', 'human resources'],
  ['CCO', 'commercial'],
  ['CAO', 'accounting'],
];
const BY_ABBREVIATION = new Map(C_LEVEL_ROLES.map(([abbreviation]) => [abbreviation, abbreviation.toLowerCase()]));
const BY_LONG_FORM = new Map(C_LEVEL_ROLES.map(([abbreviation, words]) => [words, abbreviation.toLowerCase()]));
const LABELS = new Map(C_LEVEL_ROLES.map(([abbreviation]) => [abbreviation.toLowerCase(), abbreviation]));

/** A part of a title that works for, stands in for or assists the role rather than holding it. */
const NOT_THE_ROLE = /\b(deputy|assistant|associate|vice|vp|svp|evp|former|advisor|adviser|to the|office of)\b/i;

/**
 * The C-level roles a title names, as keys (`ceo`, `cfo`, or `chief-<words>-officer` for a
 * chief title without an abbreviation). "President, CEO & Director" → ["ceo"]; "Executive VP &
 * CFO" → ["cfo"]; "Deputy CFO" → [].
 */
export function cLevelRolesOf(title: string): string[] {
  const roles = new Set<string>();
  for (const part of title.split(/,|&|\/|;|\band\b/i)) {
    const text = part.trim();
    if (text === '' || NOT_THE_ROLE.test(text)) continue;
    for (const word of text.match(/\b[A-Z]{3,4}\b/g) ?? []) {
      const role = BY_ABBREVIATION.get(word);
      if (role) roles.add(role);
    }
    const chief = /\bchief\s+([a-z][a-z\s-]*?)\s+officer\b/i.exec(text);
    if (chief) {
      const words = (chief[1] as string).toLowerCase().replace(/\s+/g, ' ').trim();
      roles.add(BY_LONG_FORM.get(words) ?? `chief-${words.replace(/[\s-]+/g, '-')}-officer`);
    }
  }
  return [...roles];
}

/** How a role key reads in a sentence: `cfo` → "CFO", `chief-data-officer` → "Chief Data Officer". */
export function roleLabel(role: string): string {
  return LABELS.get(role) ?? role.split('-').map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' ');
}

const HONORIFICS = /^(mr|mrs|ms|miss|mx|dr|prof|sir|dame)\.?\s+/i;
const SUFFIXES = /,?\s+(jr|sr|ii|iii|iv|cpa|cfa|phd|ph\.d|mba|esq)\.?$/i;

/** A person's name as shown: honorifics and degree suffixes dropped, spaces collapsed. */
export function displayName(name: string): string {
  let clean = name.replace(/\s+/g, ' ').trim();
  for (let previous = ''; previous !== clean; ) {
    previous = clean;
    clean = clean.replace(HONORIFICS, '').replace(SUFFIXES, '').trim();
  }
  return clean;
}

/**
 * What identifies a person across listings: first and last name, case- and accent-insensitive,
 * so "Mr. Ron M. Vachris" and "Ron Vachris" are one person.
 */
export function personKey(name: string): string {
  const words = displayName(name)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z\s-]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  if (words.length <= 1) return words.join('');
  return `${words[0]} ${words[words.length - 1]}`;
}

/** Who holds each C-level role: role key → display names (several for co-CEOs), sorted. */
export function executivesByRole(officers: ReadonlyArray<{ name: string; title: string }>): Record<string, string[]> {
  const byRole = new Map<string, Map<string, string>>();
  for (const officer of officers) {
    for (const role of cLevelRolesOf(officer.title)) {
      const holders = byRole.get(role) ?? new Map<string, string>();
      holders.set(personKey(officer.name), displayName(officer.name));
      byRole.set(role, holders);
    }
  }
  return Object.fromEntries([...byRole].map(([role, holders]) => [role, [...holders.values()].sort()]));
}
