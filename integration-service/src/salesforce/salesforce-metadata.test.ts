import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FIELD_MAPPING } from './field-mapping.ts';
import { TECH_STACK_MAX_LENGTH } from './push-values.ts';

const SOURCE = new URL('../../salesforce/force-app/main/default/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, SOURCE), 'utf8');
const field = (name: string) => read(`objects/Account/fields/${name}.field-meta.xml`);
const tag = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);

describe('Salesforce metadata shipped for admins', () => {
  it('declares exactly the fields of the default mapping, with the types the push writes', () => {
    const files = readdirSync(new URL('objects/Account/fields/', SOURCE)).sort();
    expect(files).toEqual(Object.values(DEFAULT_FIELD_MAPPING).map((name) => `${name}.field-meta.xml`).sort());
    for (const name of Object.values(DEFAULT_FIELD_MAPPING)) expect(tag(field(name), 'fullName')[0]).toBe(name);
    expect(tag(field(DEFAULT_FIELD_MAPPING.score), 'type')).toEqual(['Number']);
    expect(tag(field(DEFAULT_FIELD_MAPPING.priority), 'fullName').slice(1)).toEqual(['Hot', 'Warm', 'Cool', 'Cold']);
    expect(tag(field(DEFAULT_FIELD_MAPPING.techStack), 'length')).toEqual([String(TECH_STACK_MAX_LENGTH)]);
    expect(tag(field(DEFAULT_FIELD_MAPPING.lastEnriched), 'type')).toEqual(['DateTime']);
    expect(tag(field(DEFAULT_FIELD_MAPPING.briefUrl), 'type')).toEqual(['Url']);
  });

  it('lets the integration permission set edit those six fields and no others', () => {
    const xml = read('permissionsets/PartnerForge_Integration.permissionset-meta.xml');
    const editable = [...xml.matchAll(/<fieldPermissions>\s*<editable>true<\/editable>\s*<field>Account\.(\w+)<\/field>/g)].map((m) => m[1]);
    expect(editable.sort()).toEqual(Object.values(DEFAULT_FIELD_MAPPING).sort());
    expect(tag(xml, 'object')).toEqual(['Account', 'Opportunity']);
  });
});
