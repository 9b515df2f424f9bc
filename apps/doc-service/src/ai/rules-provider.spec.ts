import { type AiSettings, DEFAULT_AI_SETTINGS, type MatchRule } from '@intake/contracts';
import { type ClassifyInput } from './classifier';
import { parseAmount } from './find-amount';
import { createProvider } from './provider-factory';
import { matchRule } from './rule-matcher';

const rule = (name: string, match: string, algorithm: MatchRule['algorithm'] = 'any', case_sensitive = false): MatchRule => ({ name, match, algorithm, case_sensitive });

const settings = (overrides: Partial<AiSettings> = {}): AiSettings => ({
  ...DEFAULT_AI_SETTINGS,
  categories: ['Office', 'Housing', 'Food', 'Software'],
  rules: {
    document_types: [],
    categories: [rule('Office', 'papel papelaria "office supplies"'), rule('Housing', 'aluguel arrendamento rent'), rule('Food', 'latte croissant'), rule('Software', 'software license', 'all')],
  },
  ...overrides,
});

const input = (text: string): ClassifyInput => ({ text, fileName: 'doc.pdf', pageCount: 1, documentTypes: [...DEFAULT_AI_SETTINGS.document_types], categories: settings().categories });

const classify = async (text: string, s = settings()) => (await createProvider(s).classify(input(text))).classification;

const SAMPLES = {
  englishInvoice: ['ACME WIDGETS LTD', 'Invoice No. INV-2024-031', 'Invoice date: 12/03/2024', 'Due date: 11/04/2024', 'Bill to: Jane Doe', 'Office supplies   10   120.00', 'Subtotal            1,200.00', 'VAT 23%               276.00', 'Total due: €1,476.00'].join('\n'),
  portugueseInvoice: ['Fatura FT 2024/117', 'Fornecedor: Papelaria Central, Lda.', 'NIF: 501234567', 'Cliente: João Silva', 'Data de emissão: 5 de março de 2024', 'Data de vencimento: 04.04.2024', 'Resmas de papel A4     3   12,50', 'Total: 37,50', 'Total a pagar: 1.234,56 €'].join('\n'),
  englishReceipt: ['Corner Coffee Shop LLC', 'Receipt #5521', 'March 12, 2024 08:14', 'Latte  3.50', 'Croissant 2.80', 'Amount paid: $6.30', 'Thank you!'].join('\n'),
  portugueseReceipt: ['RECIBO', 'Recebi de Maria Souza a importância de R$ 2.500,00 (dois mil e quinhentos reais)', 'referente ao aluguel do mês de março.', 'Emitente: Imobiliária Horizonte Ltda', 'São Paulo, 10 de abril de 2024', 'Valor total: R$ 2.500,00'].join('\n'),
  englishContract: ['SERVICE AGREEMENT', 'This Agreement is made on 1 February 2024 between Globex Corporation Inc. ("Client") and Initech GmbH ("Provider").', 'The Provider shall invoice the Client monthly for the software license fees.', 'Term: 12 months.'].join('\n'),
  portugueseContract: ['CONTRATO DE ARRENDAMENTO', 'Senhorio: Manuel Costa', 'Arrendatário: Ana Pereira', 'Lisboa, 15 de janeiro de 2024', 'Renda mensal: 850,00 EUR'].join('\n'),
  // An American receipt's 05/02/2024 is May 2; a Portuguese bill's is 5 February, its issuer's name whole.
  americanReceipt: ['Bay Hardware LLC', 'Oakland, CA 94607', 'Receipt #77', 'Date: 05/02/2024', 'Paint roller  12.00', 'Total: $12.00'].join('\n'),
  portugueseUtilityBill: ['Águas de Portugal, S.A.', 'Fatura FT 2024/318', 'Data: 05/02/2024', 'Consumo de água', 'Total a pagar: 849,00 €'].join('\n'),
  americanLateDate: ['Bay Hardware LLC', 'Receipt #78', 'Date: 25/12/2024', 'Total: $3.00'].join('\n'),
  // Dollars without an American address or "US$": the day first, as in Canada or Australia.
  canadianReceipt: ['Maple Hardware', 'Receipt #79', 'Date: 05/02/2024', 'Total: $4.00'].join('\n'),
  // A heading naming the document, not its sender: no counterparty from it.
  salesReceipt: ['Sales Receipt', 'Receipt #80', 'Date: 2024-06-02', 'Total: €5.00'].join('\n'),
  // A shop names itself in its letterhead, with no company suffix; an invoice's heading is no one's name.
  cafeReceipt: ['Blue Bottle Café', '300 Webster St, Oakland, CA 94607', 'RECEIPT #4471', 'Date: 05/02/2024', 'TOTAL $23.85'].join('\n'),
  headedInvoice: ['INVOICE', 'Invoice No. 88', 'Date: 2024-06-01', 'Bill to: Jane Doe', 'Total due: €10.00'].join('\n'),
};

describe('RulesProvider', () => {
  it.each([
    ['englishInvoice', 'invoice', '2024-03-12', 1476, 'EUR', 'ACME WIDGETS LTD', ['Office']],
    ['portugueseInvoice', 'invoice', '2024-03-05', 1234.56, 'EUR', 'Papelaria Central, Lda.', ['Office']],
    ['englishReceipt', 'receipt', '2024-03-12', 6.3, 'USD', 'Corner Coffee Shop LLC', ['Food']],
    ['portugueseReceipt', 'receipt', '2024-04-10', 2500, 'BRL', 'Imobiliária Horizonte Ltda', ['Housing']],
    ['englishContract', 'contract', '2024-02-01', null, null, 'Globex Corporation Inc.', ['Software']],
    ['portugueseContract', 'contract', '2024-01-15', null, null, 'Manuel Costa', ['Housing']],
    ['americanReceipt', 'receipt', '2024-05-02', 12, 'USD', 'Bay Hardware LLC', []],
    ['portugueseUtilityBill', 'invoice', '2024-02-05', 849, 'EUR', 'Águas de Portugal, S.A.', []],
    // No 25th month: the other reading.
    ['americanLateDate', 'receipt', '2024-12-25', 3, 'USD', 'Bay Hardware LLC', []],
    ['cafeReceipt', 'receipt', '2024-05-02', 23.85, 'USD', 'Blue Bottle Café', []],
    ['canadianReceipt', 'receipt', '2024-02-05', 4, 'USD', 'Maple Hardware', []],
    ['salesReceipt', 'receipt', '2024-06-02', 5, 'EUR', null, []],
    ['headedInvoice', 'invoice', '2024-06-01', 10, 'EUR', 'Jane Doe', []],
  ] as const)('reads the %s', async (sample, type, date, amount, currency, counterparty, categories) => {
    const c = await classify(SAMPLES[sample]);
    expect(c.document_type.value).toBe(type);
    expect(c.date.value).toBe(date);
    expect(c.amount.value).toBe(amount);
    expect(c.currency.value).toBe(currency);
    expect(c.counterparty.value).toBe(counterparty);
    expect(c.categories.map((x) => x.name)).toEqual(categories);
    // Every value found carries the exact text it came from.
    for (const field of [c.document_type, c.date, c.amount, c.counterparty]) {
      if (field.value !== null) {
        expect(field.confidence).toBeGreaterThan(0);
        expect(SAMPLES[sample]).toContain(field.snippet?.split('\n')[0]);
      }
    }
  });

  it('gives a title, a summary, no usage and one attempt', async () => {
    const outcome = await createProvider(settings()).classify(input(SAMPLES.englishInvoice));
    expect(outcome.classification.title).toMatchObject({ value: 'ACME WIDGETS LTD', snippet: 'ACME WIDGETS LTD' });
    expect(outcome.classification.summary.value).toMatch(/^ACME WIDGETS LTD Invoice No\. INV-2024-031/);
    expect(outcome.classification.summary.value?.length).toBeLessThanOrEqual(301);
    expect(outcome).toMatchObject({ provider: 'rules', usage: { input_tokens: 0, output_tokens: 0 }, attempts: 1 });
  });

  it('uses a configured type rule instead of the built-in one for its type, the built-in ones for the others, only for names in the list', async () => {
    const s = settings({
      rules: {
        document_types: [rule('payslip', 'salary'), rule('Bank Statement', String.raw`extrato\s+(banc|de conta)`, 'regex')],
        categories: [],
      },
    });
    const c = await classify('Extrato de conta — março 2024\nSalary 2.000,00', s);
    expect(c.document_type).toMatchObject({ value: 'bank statement', snippet: 'Extrato de conta — março 2024' });
    // A rule for payslips does not stop invoices being found by the built-in rule.
    expect((await classify(SAMPLES.englishInvoice, s)).document_type).toMatchObject({ value: 'invoice', snippet: 'Invoice No. INV-2024-031' });
    // One for invoices replaces the built-in invoice rule.
    const own = settings({ rules: { document_types: [rule('invoice', 'factuur')], categories: [] } });
    expect((await classify(SAMPLES.englishInvoice, own)).document_type.value).toBeNull();
    expect((await classify('Factuur 2024-7\nTotaal 10,00', own)).document_type.value).toBe('invoice');
  });

  it('never runs a stored regex rule that can backtrack without end (saved before the check, or edited by hand)', async () => {
    // A run of n a's makes '(a+)+$' try about 2^n ways: run, it would hold the thread for a minute or more.
    const stored = settings({ rules: { document_types: [], categories: [rule('Office', '(a+)+$', 'regex'), rule('Food', 'latte')] } });
    const started = Date.now();
    const found = await classify(`${'a'.repeat(28)}!\nLatte 3.50`, stored);
    expect(found.categories.map((c) => c.name)).toEqual(['Food']);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('takes the first date not on a due-date line, also when the due date says "até"', async () => {
    const c = await classify('Aviso de pagamento\nPagar até 30/04/2024\nReferência 123, 02/04/2024\nTotal: 10,00 €', settings());
    expect(c.date).toMatchObject({ value: '2024-04-02', snippet: 'Referência 123, 02/04/2024' });
  });

  it('reads the amount of a payslip or a rent, a company named after a label, and a letter past its salutation', async () => {
    const payslip = await classify('Recibo de vencimento\nVencimento base 1.000,00\nLíquido a receber: 907,00 €', settings());
    expect([payslip.amount.value, payslip.currency.value]).toEqual([907, 'EUR']);
    const rent = await classify('Lease notice\nMonthly rent: 1,500.00 USD\nPayable on the first day', settings());
    expect([rent.amount.value, rent.currency.value]).toEqual([1500, 'USD']);
    expect((await classify('Supplier 30 GmbH\nRechnung 12\nTotal 10,00 €', settings())).counterparty.value).toBe('Supplier 30 GmbH');
    expect((await classify('Invoice 7\nSupplier: Acme Widgets Ltd\nTotal 5.00', settings())).counterparty.value).toBe('Acme Widgets Ltd');
    expect((await classify('Invoice 8\nFrom\nNorth Mills Ltd\nTotal 5.00', settings())).counterparty.value).toBe('North Mills Ltd');
    expect((await classify('Dear Sir,\nNotice of termination\nWe write to end the contract.', settings())).title.value).toBe('Notice of termination');
    expect((await classify('Contrato\nRenda 2024\nAs partes acordam o seguinte.', settings())).amount.value).toBeNull();
    expect((await classify('Invoice 9\nCustomer name: Jane Roe\nTotal 5.00', settings())).counterparty.value).toBe('Jane Roe');
  });

  it("reads a receipt's sum in its own words, and a credit note's negative total", async () => {
    const receipt = await classify('Recibo n.º 44\nRecebi de Marta Reis a quantia de 57,60 EUR, referente a honorários.', settings());
    expect([receipt.amount.value, receipt.currency.value]).toEqual([57.6, 'EUR']);
    expect((await classify('Received from Acme the sum of £120.00 for consulting.', settings())).amount.value).toBe(120);
    const credit = await classify('Nota de crédito NC 2026/3\nDevolução de 1 artigo\nTotal: -12,30 EUR', settings());
    expect([credit.amount.value, credit.currency.value]).toEqual([-12.3, 'EUR']);
    expect((await classify('Credit note 5\nTotal: \u221245.00 USD', settings())).amount.value).toBe(-45);
    expect((await classify('Credit note 6\nTotal: -€12,30', settings())).amount.value).toBe(-12.3);
    expect((await classify('Credit note 7\nAmount due: -£45.00', settings())).amount.value).toBe(-45);
    // A dash between the label and the number is no sign.
    expect((await classify('Invoice 10\nTotal - 12,30 EUR', settings())).amount.value).toBe(12.3);
    expect((await classify('Nota de crédito 8\nTotal a creditar -23,40 €', settings())).amount.value).toBe(-23.4);
    // In brackets, as accounts write a credit; the snippet is the line as written.
    const bracketed = await classify('Credit memo 9\nTotal Amount (USD 150.00)', settings());
    expect([bracketed.amount.value, bracketed.currency.value, bracketed.amount.snippet]).toEqual([-150, 'USD', 'Total Amount (USD 150.00)']);
  });

  it('reads a total with words between its label and its number, and not a total before tax', async () => {
    const read = async (text: string) => {
      const c = await classify(text, settings());
      return [c.amount.value, c.currency.value];
    };
    expect(await read('Fatura FT 2025/88\nTotal s/ IVA 1.200,24 €\nIVA 23% 276,06 €\nTotal c/ IVA 1.476,30 €')).toEqual([1476.3, 'EUR']);
    expect(await read('Fatura 3\nTotal s/ IVA 1.200,24 €')).toEqual([null, null]);
    expect(await read('Google Workspace\nSubtotal in EUR €70.72\nVAT (23%) €16.27\nTotal in EUR €86.99')).toEqual([86.99, 'EUR']);
    expect(await read('Invoice\nTotal amount due in EUR €86.99')).toEqual([86.99, 'EUR']);
    expect(await read('Invoice\nTotal (incl. VAT): £240.00')).toEqual([240, 'GBP']);
    expect(await read('Recibo de renda eletrónico n.º 12\nImportância recebida: 1.250,00 €\nReferente a julho de 2025')).toEqual([1250, 'EUR']);
    // On a till receipt the cash handed over is received too: the total comes first.
    expect(await read('Talão 88\nTOTAL A PAGAR 15,62 €\nValor recebido 20,00 €\nTroco 4,38 €')).toEqual([15.62, 'EUR']);
  });

  it('reads hostile text (one long line of dates, a label before endless blanks) at the pace of any other', async () => {
    // Each date's line was found by scanning the whole line: some 45,000 dates on one 500,000-character line took seconds.
    const started = Date.now();
    const found = await classify('01/02/2024 '.repeat(45_000), settings({ max_text_chars: 500_000 }));
    expect(found.date.value).toBe('2024-02-01');
    expect(found.date.snippet?.length).toBeLessThanOrEqual(300);
    // Nor a total label before a long run of blanks, nor brackets never closed.
    for (const text of [`Total${' '.repeat(100_000)}x`, '(1,11 '.repeat(80_000), `Total(${'x'.repeat(400_000)}`]) {
      expect((await classify(text, settings({ max_text_chars: 500_000 }))).amount.value).toBeNull();
    }
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('takes the issue date over a payment deadline or a billing period written before it', async () => {
    const date = async (text: string) => (await classify(text, settings())).date.value;
    expect(await date('Fatura EDP\nData limite de pagamento 25/07/2025\nData de emissão 8 de julho de 2025\nTotal a pagar: 84,38 €')).toBe('2025-07-08');
    expect(await date('Aviso de cobrança\nData limite 15/01/2026\nData 15/12/2025')).toBe('2025-12-15');
    expect(await date('Invoice\nBilling period 01/06/2025 - 30/06/2025\nPay by 15/07/2025\nInvoice date: 01/07/2025')).toBe('2025-07-01');
    // The words just before each date decide, not the whole line.
    const both = await classify('Invoice 12\nInvoice date: 01/07/2025   Due date: 15/07/2025', settings());
    expect([both.date.value, both.date.confidence]).toEqual(['2025-07-01', 0.85]);
    expect(await date('Fatura EDP\nLeitura real em 30/06/2025\nData de emissão 01/07/2025 Prazo de pagamento 20 dias')).toBe('2025-07-01');
    // A credit note's own date, not that of the invoice it credits.
    expect(await date('Nota de crédito NC 2025/3\nData: 15/07/2025\nReferente à fatura FT 2025/10 emitida em 01/06/2025')).toBe('2025-07-15');
    expect(await date('Credit note 4\nDate: 15/07/2025\nOriginal invoice INV-10 issued 01/06/2025')).toBe('2025-07-15');
  });

  it('finds the built-in types under the names a Portuguese list gives them, and says on test which rules apply', async () => {
    const types = ['fatura', 'recibo', 'extrato bancário', 'contrato', 'carta', 'outro'];
    const s = settings({ document_types: types });
    const typeOf = async (text: string) => (await createProvider(s).classify({ ...input(text), documentTypes: types })).classification.document_type.value;
    expect([await typeOf(SAMPLES.portugueseInvoice), await typeOf(SAMPLES.englishInvoice), await typeOf(SAMPLES.portugueseContract), await typeOf(SAMPLES.englishReceipt)]).toEqual(['fatura', 'fatura', 'contrato', 'recibo']);
    await expect(createProvider(s).test()).resolves.toMatchObject({
      detail: 'offline rules: 0 document type rules, 4 category rules, and built-in English/Portuguese rules for extrato bancário, recibo, fatura, contrato, carta',
    });
    await expect(createProvider(settings({ document_types: ['payslip'] })).test()).resolves.toMatchObject({ detail: expect.stringMatching(/, and no built-in rule finds a type of the list$/) });
  });

  it('reports its rule count on test', async () => {
    await expect(createProvider(settings()).test()).resolves.toMatchObject({ model: 'rules', detail: expect.stringContaining('4 category rules') });
    const own = settings({ rules: { document_types: [rule('Invoice', 'factuur')], categories: [] } });
    await expect(createProvider(own).test()).resolves.toMatchObject({
      detail: 'offline rules: 1 document type rules, 0 category rules, and built-in English/Portuguese rules for bank statement, receipt, contract, letter',
    });
  });
});

describe('matchRule (paperless-ngx algorithms)', () => {
  const text = 'Fatura de março\nInvoiced amount for the Office Supplies order';
  it.each([
    [rule('x', 'receipt fatura'), true],
    [rule('x', 'invoice'), false], // whole words only: "Invoiced" is not "invoice"
    [rule('x', 'março'), true], // word edges know accented letters
    [rule('x', 'fatura receipt', 'all'), false],
    [rule('x', 'fatura "office supplies"', 'all'), true],
    [rule('x', 'amount for the', 'literal'), true],
    [rule('x', 'amount the', 'literal'), false],
    [rule('x', String.raw`order$`, 'regex'), true],
    [rule('x', '([unclosed', 'regex'), false],
    [rule('x', 'office', 'any', true), false],
    [rule('x', 'Office', 'any', true), true],
  ])('%o → %s', (r, expected) => {
    expect(matchRule(r, text) !== null).toBe(expected);
  });

  describe('fuzzy: the phrase 90 % alike (one edit in ten characters); punctuation, accents, line breaks and case ignored', () => {
    const bill = 'Fornecedor:\nTelekom  Deutschlnd GmbH\nRua do Ouro, 12\nN.I.F. 501 234 567';
    it.each([
      ['Telekom Deutschland GmbH', true, 'Telekom  Deutschlnd GmbH'], // a letter lost (1 edit in 24 characters)
      ['telekom deutschland', true, 'Telekom  Deutschlnd GmbH'], // case and the double space do not count
      ['Fornecedor Telekom', true, 'Fornecedor:'], // across the line break, without the colon
      ['NIF 501 234 567', true, 'N.I.F. 501 234 567'], // the dots do not count
      ['NIF 501234567', false, null], // two spaces missing: 2 edits in 13 characters
      ['Telekom Austria GmbH', false, null], // 8 edits in 20 characters
      ['Ouru', false, null], // a short word must be exact
      ['Ouro', true, 'Rua do Ouro, 12'],
      ['xRua do Ouro', true, 'Rua do Ouro, 12'], // a match that could begin on the line break begins on the line
    ])('%s → %s', (phrase, expected, line) => {
      const hit = matchRule(rule('Telecom', phrase, 'fuzzy'), bill);
      expect(hit !== null).toBe(expected);
      if (hit) expect(hit.snippet).toBe(line);
    });

    it('finds the first stretch of text that matches, pointing at its first character as written', () => {
      const text = 'Ref.: Telekom Deutschlnd GmbH, invoice 12\n(a page of other text)\nTelekom Deutschland GmbH';
      // The misspelt mention comes first: it is the hit, though the exact one follows.
      expect(matchRule(rule('x', 'Telekom Deutschland GmbH', 'fuzzy'), text)).toEqual({ index: text.indexOf('Telekom'), snippet: 'Ref.: Telekom Deutschlnd GmbH, invoice 12' });
      expect(matchRule(rule('x', 'TELEKOM DEUTSCHLAND GMBH', 'fuzzy', true), text)).toBeNull();
    });

    it('compares letters spelt out before their case (№ as No, ㎒ as MHz), a final sigma as a sigma, and skips invisible format characters', () => {
      expect(matchRule(rule('x', 'no 12', 'fuzzy'), 'Fatura № 12')?.index).toBe(7);
      expect(matchRule(rule('x', 'mhz', 'fuzzy'), 'Clock 100 ㎒')?.index).toBe(10);
      expect(matchRule(rule('x', 'οδος', 'fuzzy'), 'ΟΔΟΣ ΑΘΗΝΑΣ')?.index).toBe(0);
      expect(matchRule(rule('x', 'telekom', 'fuzzy'), 'Tele\ufeffkom Tele\u200bkom')?.index).toBe(0);
    });

    it('compares accents however the PDF encodes them, and ligatures as their letters', () => {
      const decomposed = 'Fatura da Socie\u0301te\u0301 Ge\u0301ne\u0301rale';
      expect(matchRule(rule('x', 'Société Générale', 'fuzzy'), decomposed)?.index).toBe(decomposed.indexOf('Socie'));
      expect(matchRule(rule('x', 'Societe Generale', 'fuzzy'), 'Société Générale')).not.toBeNull();
      expect(matchRule(rule('x', 'confirmation of office', 'fuzzy'), 'Con\ufb01rmation of o\ufb03ce supplies')).toEqual({ index: 0, snippet: 'Con\ufb01rmation of o\ufb03ce supplies' });
    });

    it('reads each document anew: the same rule object on another text finds that text\'s own match or none', () => {
      const r = rule('x', 'Telekom Deutschland GmbH', 'fuzzy');
      expect(matchRule(r, bill)?.snippet).toBe('Telekom  Deutschlnd GmbH');
      expect(matchRule(r, 'nothing of the kind')).toBeNull();
      expect(matchRule(r, 'Fatura\nTelekom Deutschland GmbH')).toEqual({ index: 7, snippet: 'Telekom Deutschland GmbH' });
    });

    it('finds a phrase at the end of a long text whose every line holds pieces of it', () => {
      const r = rule('x', 'Telekom Austria GmbH AG', 'fuzzy');
      const statement = 'Telekom Deutschland GmbH 12,50\n'.repeat(16_000); // 496,000 characters
      expect(matchRule(r, statement)).toBeNull();
      expect(matchRule(r, `${statement}Telekom Austria GmbH, AG`)?.snippet).toBe('Telekom Austria GmbH, AG');
    });

    it('sorts a document by a fuzzy type rule through the provider', async () => {
      const s = settings({ rules: { document_types: [rule('bank statement', 'extrato de conta corrente', 'fuzzy')], categories: [] } });
      expect((await classify('BANCO X\nExtrato de conta-corrente n.º 12\nSaldo 1.200,00', s)).document_type).toMatchObject({ value: 'bank statement', snippet: 'Extrato de conta-corrente n.º 12' });
    });
  });

  it('keeps no state between documents: one rule object, compiled once, finds each text\'s own first hit', () => {
    for (const r of [rule('x', 'fatura "office supplies"', 'any'), rule('x', String.raw`fatura|office`, 'regex')]) {
      expect(matchRule(r, text)).toEqual({ index: 0, snippet: 'Fatura de março' });
      expect(matchRule(r, 'nothing of the kind')).toBeNull();
      expect(matchRule(r, 'Order\nOffice supplies, fatura 12')).toEqual({ index: 6, snippet: 'Office supplies, fatura 12' });
      expect(matchRule(r, text)).toEqual({ index: 0, snippet: 'Fatura de março' });
    }
  });
});

describe('parseAmount', () => {
  it.each([
    ['1.234,56', 1234.56],
    ['1,234.56', 1234.56],
    ['1 234,56', 1234.56],
    ['1234.5', 1234.5],
    ['12,50', 12.5],
    ['1.234', 1234],
    ['1,234,567', 1234567],
  ])('%s → %d', (raw, value) => expect(parseAmount(raw)).toBe(value));
});
