import { AiSettingsSchema, AiUsageSchema, ConnectionTestSchema } from '@intake/contracts';
import { type Actor, AnthropicDouble, buildClassificationAnswer, OllamaDouble, schemaIssues, SERVICES, textPdf } from '@intake/testing';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DocSuite } from './doc-suite';

const KEY = `sk-ant-api03-${randomBytes(24).toString('hex')}`;
const MASKED = `••••${KEY.slice(-4)}`;
const TEXT = 'Invoice INV-204\nFrom: Acme Supplies Ltd\nDate: 2024-05-01\nTotal: €312.40';

describe('documents: AI settings are admin-only, validated, and keep the API key secret', () => {
  let s: DocSuite;
  let ana: Actor;
  const anthropic = new AnthropicDouble({ apiKey: KEY });
  const ollama = new OllamaDouble();
  const anthropicSettings = () => ({ provider: 'anthropic', base_url: anthropic.url, model: 'claude-test-model' });

  beforeAll(async () => {
    await Promise.all([anthropic.start(), ollama.start()]);
    // Debug logs make "the key is never logged" a stronger claim.
    s = await DocSuite.start({ LOG_LEVEL: 'debug' });
    ana = await s.user();
  });
  afterAll(async () => {
    await s?.stop();
    await Promise.all([anthropic.stop(), ollama.stop()]);
  });

  it('are for admins only, even for a power user holding the documents app', async () => {
    for (const path of ['/api/settings', '/api/settings/usage', '/api/settings/suggestions']) {
      await s.api().get(path).set(ana.auth).expect(403);
    }
    await s.api().put('/api/settings').set(ana.auth).send({ provider: 'rules' }).expect(403);
    await s.api().post('/api/settings/test').set(ana.auth).send({}).expect(403);
    await s.api().get('/api/settings').expect(401);
  });

  it('start from the defaults: the offline rules provider and no key', async () => {
    const res = await s.api().get('/api/settings').set(s.admin.auth).expect(200);
    expect(res.body).toMatchObject({
      provider: 'rules',
      api_key: null,
      kept_keys: [],
      base_url: null,
      max_file_mb: 50,
      max_pages: 500,
      max_text_chars: 20_000,
      timeout_s: 60,
      daily_token_budget: { anthropic: null, ollama: null, lmstudio: null },
      search_language: 'simple',
      document_types: expect.arrayContaining(['invoice', 'receipt', 'contract']),
    });
  });

  it('change only what a PUT names', async () => {
    await s.settings({ categories: ['Office'], max_pages: 100 });
    expect(await s.settings({ timeout_s: 20 })).toMatchObject({ categories: ['Office'], max_pages: 100, timeout_s: 20, provider: 'rules' });
    expect((await s.api().get('/api/settings').set(s.admin.auth).expect(200)).body).toMatchObject({ categories: ['Office'], max_pages: 100, timeout_s: 20 });
    await s.settings({ categories: [], max_pages: 500, timeout_s: 60 });
  });

  it("set each provider's daily token budget on its own, or one figure for all of them", async () => {
    const budgets = async (body: unknown) => (await s.settings({ daily_token_budget: body })).daily_token_budget;
    expect(await budgets({ anthropic: 200_000 })).toEqual({ anthropic: 200_000, ollama: null, lmstudio: null });
    expect(await budgets({ ollama: 5_000_000 })).toEqual({ anthropic: 200_000, ollama: 5_000_000, lmstudio: null });
    expect(await budgets({ anthropic: null })).toEqual({ anthropic: null, ollama: 5_000_000, lmstudio: null });
    expect(await budgets({})).toEqual({ anthropic: null, ollama: 5_000_000, lmstudio: null });
    // One figure, as the setting was before it was per provider, is each provider's.
    expect(await budgets(50_000)).toEqual({ anthropic: 50_000, ollama: 50_000, lmstudio: 50_000 });
    expect(await budgets(null)).toEqual({ anthropic: null, ollama: null, lmstudio: null });
  });

  it('change one list of rules without touching the other', async () => {
    const typeRule = { name: 'invoice', match: 'fatura', algorithm: 'any', case_sensitive: false };
    const categoryRule = { name: 'Office', match: '"office chair"', algorithm: 'literal', case_sensitive: false };
    await s.settings({ categories: ['Office'], rules: { document_types: [typeRule], categories: [categoryRule] } });
    const later = { ...categoryRule, match: 'desk' };
    expect(await s.settings({ rules: { categories: [later] } })).toMatchObject({ rules: { document_types: [typeRule], categories: [later] } });
    expect(await s.settings({ rules: { document_types: [] } })).toMatchObject({ rules: { document_types: [], categories: [later] } });
    const fuzzy = { name: 'invoice', match: 'Telekom Deutschland GmbH', algorithm: 'fuzzy', case_sensitive: false };
    expect(await s.settings({ rules: { document_types: [fuzzy] } })).toMatchObject({ rules: { document_types: [fuzzy], categories: [later] } });
    await s.settings({ categories: [], rules: { categories: [] } });
  });

  it('take the largest rule lists the settings allow (500 rules of 2,000 characters in each list)', async () => {
    const rule = (i: number) => ({ name: `Rule ${i}`, match: `word${i} `.repeat(250).slice(0, 2000).trim(), algorithm: 'any', case_sensitive: false });
    const rules = { document_types: Array.from({ length: 500 }, (_, i) => rule(i)), categories: Array.from({ length: 500 }, (_, i) => rule(500 + i)) };
    expect(JSON.stringify({ rules }).length).toBeGreaterThan(2_000_000);
    const saved = await s.settings({ rules });
    expect([saved.rules.document_types.length, saved.rules.categories.length, saved.rules.categories[499].match.length]).toEqual([500, 500, rules.categories[499].match.length]);
    await s.settings({ rules: { document_types: [], categories: [] } });
  });

  it('name the invalid field and change nothing', async () => {
    const put = (body: Record<string, unknown>) => s.api().put('/api/settings').set(s.admin.auth).send(body).expect(400);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ provider: 'gpt' }, /provider/],
      [{ max_file_mb: -1 }, /max_file_mb/],
      [{ max_file_mb: 1e-9 }, /max_file_mb: must be at least 0\.01/],
      [{ provider: 'anthropic', model: 'claude-test-model', api_key: 'sk-ant-line\nbreak' }, /api_key: must be printable ASCII/],
      [{ provider: 'anthropic', model: 'claude-test-model', api_key: 'sk-ant-ключ' }, /api_key: must be printable ASCII/],
      [{ document_types: ['Invoice', 'receipt', ' invoice '] }, /document_types\.2: “invoice” is listed twice \(also as “Invoice”\)/],
      [{ categories: ['Office', 'office'] }, /categories\.1: “office” is listed twice/],
      [{ document_types: ['invoice', 'no\u0000te'] }, /document_types\.1: must not contain NUL characters/],
      // Names are made plain as a user's categories are: composed, invisible characters gone, something left to show.
      [{ categories: ['Travel', 'Café', 'Cafe\u0301'] }, /categories\.2: “Café” is listed twice \(also as “Café”\)/],
      [{ categories: ['Groceries', 'Gro\u200bceries'] }, /categories\.1: “Groceries” is listed twice/],
      [{ categories: ['Σίσυφος', 'ΣΊΣΥΦΟΣ'] }, /categories\.1: “ΣΊΣΥΦΟΣ” is listed twice/],
      [{ categories: ['\u200d'] }, /categories\.0: must have a letter, digit or sign to show/],
      [{ document_types: ['\u3164'] }, /document_types\.0: must have a letter, digit or sign to show/],
      [{ categories: ['Lone\ud800'] }, /categories\.0: must be valid Unicode/],
      [{ rules: { categories: [{ name: 'Lone\ud800', match: 'x' }] } }, /rules\.categories\.0\.name: must be valid Unicode/],
      [{ provider: 'lmstudio', base_url: 'http://127.0.0.1:9', model: 'fake\u0000x' }, /model: must not contain NUL characters/],
      [{ timeout_s: 0.0001 }, /timeout_s/],
      [{ provider: 'ollama', model: 'llama', base_url: 'http://100.100.100.200/' }, /base_url: must not point at a cloud metadata address/],
      [{ search_language: 'klingon' }, /search_language.*klingon/],
      [{ max_pages: 2.5 }, /max_pages/],
      [{ base_url: 'ftp://example.test' }, /base_url/],
      [{ provider: 'ollama', model: 'llama', base_url: 'http://169.254.169.254/latest' }, /base_url: must not point at a cloud metadata address/],
      [{ provider: 'ollama', model: 'llama', base_url: 'http://[fd00:ec2::254]/' }, /base_url: must not point at a cloud metadata address/],
      [{ provider: 'ollama', model: 'llama', base_url: 'http://[::ffff:169.254.169.254]/' }, /base_url: must not point at a cloud metadata address/],
      [{ provider: 'ollama', model: 'llama', base_url: 'http://metadata.google.internal./' }, /base_url: must not point at a cloud metadata address/],
      [{ colour: 'red' }, /colour/],
      [{ daily_token_budget: { anthropic: -5 } }, /daily_token_budget/],
      [{ daily_token_budget: { openai: 1000 } }, /daily_token_budget.*openai/],
      [{ daily_token_budget: 'lots' }, /daily_token_budget/],
      [{ rules: { categories: [{ name: 'Office', match: '!!!', algorithm: 'fuzzy' }] } }, /rules\.categories\.0\.match: the fuzzy phrase of rule "Office" has no letter or digit/],
      [{ rules: { categories: [{ name: 'Office', match: 'office '.repeat(30), algorithm: 'fuzzy' }] } }, /rules\.categories\.0\.match: the fuzzy phrase of rule "Office" is longer than 200 characters/],
      // 20 characters as typed, 360 as compared (each spells out 18 letters).
      [{ rules: { categories: [{ name: 'Office', match: '\ufdfa'.repeat(20), algorithm: 'fuzzy' }] } }, /the fuzzy phrase of rule "Office" is longer than 200 characters/],
      [{ provider: 'anthropic', model: 'claude-test-model' }, /api_key/],
      [{ provider: 'ollama', model: 'llama' }, /base_url/],
      [{ provider: 'ollama', base_url: ollama.url }, /model/],
      [{ rules: { document_types: [{ name: 'invoice', match: '(a+)+$', algorithm: 'regex' }] } }, /rules\.document_types\.0\.match: the regex of rule "invoice" can take exponential time/],
      [{ rules: { categories: [{ name: 'Office', match: 'desk|(', algorithm: 'regex' }] } }, /rules\.categories\.0\.match: .*not a valid regular expression/],
    ];
    for (const [body, field] of cases) {
      const res = await put(body);
      expect({ body, error: res.body.error, message: res.body.message }).toEqual({ body, error: 'VALIDATION_FAILED', message: expect.stringMatching(field) });
    }
    expect((await s.api().get('/api/settings').set(s.admin.auth).expect(200)).body).toMatchObject({ provider: 'rules', max_file_mb: 50, search_language: 'simple' });
    // A configuration PostgreSQL has is accepted.
    expect(await s.settings({ search_language: 'english' })).toMatchObject({ search_language: 'english' });
    await s.settings({ search_language: 'simple' });
    // So is a regex rule that cannot backtrack without end.
    const nif = { name: 'invoice', match: String.raw`NIF\s*\d{9}`, algorithm: 'regex', case_sensitive: false };
    expect(await s.settings({ rules: { document_types: [nif] } })).toMatchObject({ rules: { document_types: [nif] } });
    await s.settings({ rules: { document_types: [], categories: [] } });
  });

  it('test a connection without saving it: ok for a provider that answers, unauthorized for a refused key', async () => {
    const test = (body: Record<string, unknown>) => s.api().post('/api/settings/test').set(s.admin.auth).send(body).expect(200);
    expect((await test({ ...anthropicSettings(), api_key: KEY })).body).toMatchObject({ ok: true, provider: 'anthropic', model: 'claude-test-model' });
    const refused = (await test({ ...anthropicSettings(), api_key: 'sk-ant-wrong-key-0000' })).body;
    expect(schemaIssues(ConnectionTestSchema, refused)).toEqual([]); // as OpenAPI describes it
    expect(refused).toMatchObject({ ok: false, provider: 'anthropic', failure: 'unauthorized', detail: expect.stringMatching(/401/) });
    expect(JSON.stringify(refused)).not.toContain('sk-ant-wrong-key-0000');
    expect((await test({ provider: 'ollama', base_url: ollama.url, model: 'llama-test' })).body).toMatchObject({ ok: true, provider: 'ollama' });
    expect((await test({ provider: 'ollama', base_url: ollama.url, model: 'mistral' })).body).toMatchObject({ ok: false, failure: 'not_configured', detail: expect.stringMatching(/mistral/) });
    expect((await s.api().post('/api/settings/test').set(s.admin.auth).send({ provider: 'gpt' }).expect(400)).body.message).toMatch(/provider/);
    expect((await s.api().get('/api/settings').set(s.admin.auth).expect(200)).body.provider).toBe('rules');
    // Each test call is in the call log, with its outcome and without the key.
    const usage = (await s.api().get('/api/settings/usage').set(s.admin.auth).expect(200)).body;
    expect(schemaIssues(AiUsageSchema, usage)).toEqual([]); // as OpenAPI describes it, with no document for a test call
    const { recent } = usage;
    expect(recent[0].document_id).toBeNull();
    expect(recent.slice(0, 3).map((c: { provider: string; outcome: string }) => [c.provider, c.outcome])).toEqual([
      ['ollama', 'test: not_configured'],
      ['ollama', 'test: ok'],
      ['anthropic', 'test: unauthorized'],
    ]);
    // Anthropic's test asks the model for one token: what it spent is counted.
    expect(recent[3]).toMatchObject({ provider: 'anthropic', outcome: 'test: ok', tokens_in: expect.any(Number) });
    expect(recent[3].tokens_in).toBeGreaterThan(0);
    expect(JSON.stringify(recent)).not.toContain('sk-ant-wrong-key-0000');

    // The test's call spends from the day's budget: once that is spent, it is not made.
    anthropic.reset();
    await s.settings({ daily_token_budget: { anthropic: 5 } });
    expect((await test({ ...anthropicSettings(), api_key: KEY })).body).toMatchObject({ ok: false, failure: 'budget', detail: expect.stringMatching(/budget for Anthropic \(5\) is spent/) });
    expect(anthropic.generationRequests()).toHaveLength(0);
    await s.settings({ daily_token_budget: { anthropic: null } });

    // A provider that never answers: the test waits the call timeout (at most 30 s), and says so.
    anthropic.reset();
    anthropic.delay(5000);
    expect((await test({ ...anthropicSettings(), api_key: KEY, timeout_s: 1 })).body).toMatchObject({ ok: false, failure: 'timeout', detail: expect.stringMatching(/did not answer within 1 s/) });
  });

  it('show the API key masked, keep it when the masked value comes back, and use the real one', async () => {
    const saved = await s.settings({ ...anthropicSettings(), api_key: KEY });
    expect(saved.api_key).toBe(MASKED);
    const read = (await s.api().get('/api/settings').set(s.admin.auth).expect(200)).body;
    expect(read).toMatchObject({ provider: 'anthropic', api_key: MASKED });
    expect(schemaIssues(AiSettingsSchema, read)).toEqual([]); // as OpenAPI describes it
    expect(JSON.stringify(read)).not.toContain(KEY);

    // The settings page sends the form back as it got it: the masked key must not replace the real one.
    expect(await s.settings({ ...read, timeout_s: 30 })).toMatchObject({ api_key: MASKED, timeout_s: 30 });
    // A new key pasted after the mask is neither kept as the old one nor stored: the admin is told.
    const pasted = await s.api().put('/api/settings').set(s.admin.auth).send({ api_key: `${MASKED}sk-ant-pasted-after-the-mask` }).expect(400);
    expect(pasted.body.message).toMatch(/api_key: still starts with the masked key/);
    expect(JSON.stringify(pasted.body)).not.toContain('sk-ant-pasted');

    anthropic.reset();
    anthropic.answer(buildClassificationAnswer(TEXT, { documentType: 'invoice' }));
    const res = await s.upload(ana, [{ name: 'inv-204.pdf', bytes: await textPdf([TEXT]) }]).expect(201);
    expect(await s.until(ana, res.body.documents[0].id)).toMatchObject({ status: 'done', provider: 'anthropic', document_type: 'invoice', amount: 312.4 });
    const [call] = anthropic.generationRequests();
    expect(call.headers['x-api-key'] ?? call.headers['authorization']).toMatch(new RegExp(`^(Bearer )?${KEY}$`));
  });

  it('never send the stored key to another provider or address unless it is entered again', async () => {
    const elsewhere = await s.api().put('/api/settings').set(s.admin.auth).send({ base_url: ollama.url, api_key: MASKED }).expect(400);
    expect(elsewhere.body.message).toMatch(/api_key: .*enter it again/);
    // A connection test against another server does not carry it either.
    ollama.reset();
    const tested = (await s.api().post('/api/settings/test').set(s.admin.auth).send({ provider: 'ollama', base_url: ollama.url, model: 'llama-test' }).expect(200)).body;
    expect(JSON.stringify(tested)).not.toContain(KEY);
    expect(JSON.stringify(ollama.requests.map((r) => r.headers))).not.toContain(KEY);
    expect((await s.api().get('/api/settings').set(s.admin.auth).expect(200)).body).toMatchObject({ provider: 'anthropic', base_url: anthropic.url, api_key: MASKED });
  });

  it('keep the key encrypted in the settings file and out of every service log', async () => {
    const file = readFileSync(join(s.suite.dataDir, 'doc_service_config.json'), 'utf8');
    expect(file).toContain('anthropic');
    expect(file).not.toContain(KEY);
    expect(file).not.toContain(KEY.slice(-16));
    for (const service of SERVICES) {
      const logs = s.suite.logs(service);
      expect({ service, leaked: logs.includes(KEY) || logs.includes(KEY.slice(-16)) }).toEqual({ service, leaked: false });
    }
  });

  it('keep the key of a provider switched away from, for that provider and address only, until it is forgotten', async () => {
    const put = (body: Record<string, unknown>) => s.api().put('/api/settings').set(s.admin.auth).send(body);
    const kept = [{ provider: 'anthropic', base_url: anthropic.url, api_key: MASKED }];
    const switched = await s.settings({ provider: 'ollama', base_url: ollama.url, model: 'llama-test' });
    expect(switched).toMatchObject({ provider: 'ollama', api_key: null, kept_keys: kept });
    expect(schemaIssues(AiSettingsSchema, switched)).toEqual([]); // as OpenAPI describes it
    expect(JSON.stringify(switched)).not.toContain(KEY);
    // Ollama is not sent the key kept for Anthropic.
    ollama.reset();
    expect((await s.api().post('/api/settings/test').set(s.admin.auth).send({}).expect(200)).body).toMatchObject({ ok: true, provider: 'ollama' });
    expect(ollama.requests.length).toBeGreaterThan(0);
    expect(JSON.stringify(ollama.requests.map((r) => r.headers))).not.toContain(KEY);
    // A connection test of Anthropic at its address, not saved, with the key as the page shows it: the kept key.
    anthropic.reset();
    expect((await s.api().post('/api/settings/test').set(s.admin.auth).send({ ...anthropicSettings(), api_key: MASKED }).expect(200)).body).toMatchObject({ ok: true, provider: 'anthropic' });
    // Nor is Anthropic at another address.
    const elsewhere = await put({ provider: 'anthropic', base_url: ollama.url, model: 'claude-test-model' }).expect(400);
    expect(elsewhere.body.message).toMatch(/api_key: Anthropic needs an API key \(none is stored for http.*enter it again\)/);

    // Back at Anthropic's address the kept key is used, without entering it again.
    expect(await s.settings(anthropicSettings())).toMatchObject({ provider: 'anthropic', api_key: MASKED, kept_keys: [] });
    anthropic.reset();
    expect((await s.api().post('/api/settings/test').set(s.admin.auth).send({}).expect(200)).body).toMatchObject({ ok: true, provider: 'anthropic' });
    const [tested] = anthropic.generationRequests();
    expect(tested.headers['x-api-key'] ?? tested.headers['authorization']).toMatch(new RegExp(`^(Bearer )?${KEY}$`));

    // Kept on disk encrypted, as the key in use is.
    expect(await s.settings({ provider: 'rules' })).toMatchObject({ provider: 'rules', api_key: null, kept_keys: kept });
    const file = readFileSync(join(s.suite.dataDir, 'doc_service_config.json'), 'utf8');
    expect(JSON.parse(file).kept_keys).toEqual([{ provider: 'anthropic', base_url: anthropic.url, api_key_encrypted: expect.any(String) }]);
    expect(file).not.toContain(KEY.slice(-16));
    // Settings sent back as GET showed them change nothing of the kept keys, even listing none; a kept key cannot be set in passing.
    const read = (await s.api().get('/api/settings').set(s.admin.auth).expect(200)).body;
    expect(await s.settings({ ...read, timeout_s: 31 })).toMatchObject({ timeout_s: 31, kept_keys: kept });
    expect(await s.settings({ kept_keys: [] })).toMatchObject({ kept_keys: kept });
    const replaced = await put({ kept_keys: [{ ...kept[0], api_key: 'sk-ant-other-key-0000' }] }).expect(400);
    expect(replaced.body.message).toMatch(/kept_keys\.0\.api_key: a kept key can only be shown masked/);
    expect(JSON.stringify(replaced.body)).not.toContain('sk-ant-other-key-0000');

    // Switching back with the key field as the page shows it (masked) uses the kept key too.
    expect(await s.settings({ ...anthropicSettings(), api_key: MASKED })).toMatchObject({ provider: 'anthropic', api_key: MASKED, kept_keys: [] });
  });

  it('forget only the kept keys named, never the one in use, and keep at most 10, the newest', async () => {
    const url = (i: number) => `http://127.0.0.1:${20_000 + i}`;
    const mask = (i: number) => `••••${String(i).padStart(4, '0')}`;
    const ollamaAt = (i: number) => ({ provider: 'ollama', base_url: url(i), model: 'llama-test', api_key: `ollama-test-api-key-${String(i).padStart(4, '0')}` });
    const keptNow = async () => ((await s.api().get('/api/settings').set(s.admin.auth).expect(200)).body.kept_keys as { provider: string; base_url: string | null; api_key: string }[]).map((k) => [k.provider, k.base_url, k.api_key]);
    // forget_keys names kept keys: the key in use is not one of them.
    expect(await s.settings({ timeout_s: 32, forget_keys: [{ provider: 'anthropic', base_url: anthropic.url }] })).toMatchObject({ provider: 'anthropic', api_key: MASKED, kept_keys: [] });
    for (let i = 1; i <= 12; i++) await s.settings(ollamaAt(i));
    expect((await s.api().get('/api/settings').set(s.admin.auth).expect(200)).body.api_key).toBe(mask(12));
    expect(await keptNow()).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2].map((i) => ['ollama', url(i), mask(i)]));
    // Forgetting one leaves the others (a page loaded before a key was kept names only what it forgets).
    await s.settings({ forget_keys: [{ provider: 'ollama', base_url: url(5) }, { provider: 'lmstudio', base_url: url(6) }] });
    expect(await keptNow()).toEqual([11, 10, 9, 8, 7, 6, 4, 3, 2].map((i) => ['ollama', url(i), mask(i)]));
    // A key goes with its provider as well as its address: LM Studio at Ollama's address has none.
    expect(await s.settings({ provider: 'lmstudio', base_url: url(11), model: 'm' })).toMatchObject({ provider: 'lmstudio', base_url: url(11), api_key: null });
    expect((await keptNow()).slice(0, 2)).toEqual([['ollama', url(12), mask(12)], ['ollama', url(11), mask(11)]]);
    expect(await s.settings({ ...anthropicSettings(), api_key: KEY, forget_keys: (await keptNow()).map(([provider, base_url]) => ({ provider, base_url })) })).toMatchObject({ provider: 'anthropic', api_key: MASKED, kept_keys: [] });
  });

  it('remove a key: forget_keys forgets it, and Anthropic then refuses to run without one', async () => {
    // Not while Anthropic is in use: it needs one.
    const res = await s.api().put('/api/settings').set(s.admin.auth).send({ api_key: null }).expect(400);
    expect(res.body.message).toMatch(/api_key/);
    // Moving to the rules and forgetting the key that moves away, in one change.
    expect(await s.settings({ provider: 'rules', forget_keys: [{ provider: 'anthropic', base_url: anthropic.url }] })).toMatchObject({ provider: 'rules', api_key: null, kept_keys: [] });
    expect((await s.api().get('/api/settings').set(s.admin.auth).expect(200)).body).toMatchObject({ api_key: null, kept_keys: [] });
    // None kept: none written, so an older release still reads the file.
    const file = JSON.parse(readFileSync(join(s.suite.dataDir, 'doc_service_config.json'), 'utf8'));
    expect(file).toMatchObject({ api_key_encrypted: null });
    expect(file).not.toHaveProperty('kept_keys');
    // Switching back needs the key again: the old one is gone.
    const back = await s.api().put('/api/settings').set(s.admin.auth).send(anthropicSettings()).expect(400);
    expect(back.body.message).toMatch(/^Invalid settings: api_key: Anthropic needs an API key$|api_key: Anthropic needs an API key$/);
  });
});
