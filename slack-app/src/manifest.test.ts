import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

// No YAML parser in this package: the checks read the manifest as text, which is enough to keep
// it in step with the listeners and the Web API methods the code calls.
const manifest = readFileSync(new URL('../manifest.yml', import.meta.url), 'utf8');
const listed = (section: string) => {
  const block = new RegExp(`^(\\s*)${section}:\\n((?:\\1\\s+- .*\\n|\\1\\s+#.*\\n)+)`, 'm').exec(manifest);
  return (block?.[2] ?? '').split('\n').flatMap((line) => /^\s+- (\S+)/.exec(line)?.[1] ?? []);
};

it('declares the /pf command, interactivity and the App Home event, all on /slack/events', () => {
  expect(manifest).toMatch(/- command: \/pf\n\s+url: https:\/\/[^\n]+\/slack\/events/);
  expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true\n\s+request_url: https:\/\/[^\n]+\/slack\/events/);
  expect(listed('bot_events')).toEqual(['app_home_opened']);
  expect(manifest).toMatch(/home_tab_enabled: true/);
});

it('asks for the scopes the code needs and no others', () => {
  expect(listed('bot').sort()).toEqual(['chat:write', 'chat:write.public', 'commands', 'im:write', 'users:read', 'users:read.email']);
});
