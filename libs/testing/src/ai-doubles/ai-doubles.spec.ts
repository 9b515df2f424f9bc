import { AnthropicDouble } from './anthropic-double';
import { buildClassificationAnswer } from './classification-answer';
import { OllamaDouble } from './ollama-double';
import { OpenAiCompatibleDouble } from './openai-compatible-double';

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('AI protocol doubles speak the wire formats', () => {
  const anthropic = new AnthropicDouble({ apiKey: 'k-123', models: ['claude-x'] });
  const ollama = new OllamaDouble({ models: ['llama:latest'] });
  const openai = new OpenAiCompatibleDouble({ models: ['m1'] });
  beforeAll(() => Promise.all([anthropic.start(), ollama.start(), openai.start()]));
  afterAll(() => Promise.all([anthropic.stop(), ollama.stop(), openai.stop()]));

  it('Anthropic: refuses a wrong key and a missing version with its error shape', async () => {
    const bad = await post(`${anthropic.url}/v1/messages`, {}, { 'x-api-key': 'nope', 'anthropic-version': '2023-06-01' });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
    const noVersion = await post(`${anthropic.url}/v1/messages`, {}, { 'x-api-key': 'k-123' });
    expect(noVersion.status).toBe(400);
  });

  it('Anthropic: answers a forced tool with a tool_use block and usage', async () => {
    anthropic.answer({ ok: true });
    const res = await post(
      `${anthropic.url}/v1/messages`,
      { model: 'claude-x', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }], tools: [{ name: 't', input_schema: {} }], tool_choice: { type: 'tool', name: 't' } },
      { 'x-api-key': 'k-123', 'anthropic-version': '2023-06-01' },
    );
    expect(await res.json()).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-x', stop_reason: 'tool_use', content: [{ type: 'tool_use', name: 't', input: { ok: true } }], usage: { input_tokens: expect.any(Number) } });
  });

  it('Ollama: lists, shows and chats without streaming; unknown models are 404 {error}', async () => {
    expect(await (await fetch(`${ollama.url}/api/tags`)).json()).toMatchObject({ models: [{ name: 'llama:latest', details: { format: 'gguf' } }] });
    expect((await post(`${ollama.url}/api/show`, { model: 'llama' })).status).toBe(200);
    const missing = await post(`${ollama.url}/api/chat`, { model: 'other', messages: [], stream: false });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'model "other" not found, try pulling it first' });
    ollama.prose('hello');
    const chat = await (await post(`${ollama.url}/api/chat`, { model: 'llama', messages: [{ role: 'user', content: 'x' }], stream: false })).json();
    expect(chat).toMatchObject({ message: { role: 'assistant', content: 'hello' }, done: true, done_reason: 'stop', prompt_eval_count: expect.any(Number), eval_count: expect.any(Number) });
  });

  it('OpenAI-compatible: models, completions, errors; delay and close', async () => {
    expect(await (await fetch(`${openai.url}/v1/models`)).json()).toEqual({ object: 'list', data: [{ id: 'm1', object: 'model', owned_by: 'organization_owner' }] });
    openai.fail(429, 'slow down').delay(50, { kind: 'prose', text: 'late' }).closeSocket();
    const body = { model: 'm1', messages: [{ role: 'user', content: 'x' }] };
    const limited = await post(`${openai.url}/v1/chat/completions`, body);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: { message: 'slow down', code: 'rate_limit_exceeded' } });
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(await (await post(`${openai.url}/v1/chat/completions`, body)).json()).toMatchObject({ object: 'chat.completion', choices: [{ index: 0, message: { content: 'late' }, finish_reason: 'stop' }], usage: { total_tokens: expect.any(Number) } });
    await expect(post(`${openai.url}/v1/chat/completions`, body)).rejects.toThrow('fetch failed');
    expect(openai.generationRequests()).toHaveLength(3);

    openai.rateLimit('7', 'wait a bit');
    const told = await post(`${openai.url}/v1/chat/completions`, body);
    expect([told.status, told.headers.get('retry-after')]).toEqual([429, '7']);
    expect(await told.json()).toMatchObject({ error: { message: 'wait a bit' } });
  });

  it('builds a correct answer from a text, with snippets taken from it', () => {
    const text = 'Invoice 7\nFrom: Acme Ltd\nDate: 2024-05-01\nTotal: €1,000.50';
    expect(buildClassificationAnswer(text, { categories: ['Office'] })).toMatchObject({
      document_type: { value: 'invoice', snippet: 'Invoice 7' },
      date: { value: '2024-05-01', snippet: 'Date: 2024-05-01' },
      amount: { value: 1000.5, snippet: 'Total: €1,000.50' },
      currency: { value: 'EUR' },
      counterparty: { value: 'Acme Ltd', snippet: 'From: Acme Ltd' },
      categories: [{ name: 'Office' }],
    });
  });
});
