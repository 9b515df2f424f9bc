/**
 * Text of realistic, text-dense pages (~2–3k characters each): invoices and reports, in English and
 * Portuguese, deterministic for a seed. Only WinAnsi characters, which pdf-lib's standard fonts draw.
 */

export type PageKind = 'invoice-en' | 'fatura-pt' | 'report-en' | 'relatorio-pt';
export const PAGE_KINDS: readonly PageKind[] = ['invoice-en', 'fatura-pt', 'report-en', 'relatorio-pt'];

/** A small deterministic generator (mulberry32), so every run writes the same kind of text. */
export function randomFrom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const int = (random: Random, min: number, max: number) => min + Math.floor(random() * (max - min + 1));

const ITEMS_EN = ['A4 copy paper, 80 g (box of 5)', 'Toner cartridge TN-2420', 'Ergonomic office chair', 'USB-C docking station', 'Network switch, 24 ports', 'Cloud backup, monthly plan', 'On-site support, hour', 'Laptop stand, aluminium', 'Label printer ribbons', 'Whiteboard markers (pack of 12)', 'Cat6 patch cable, 2 m', 'Software licence renewal'];
const ITEMS_PT = ['Papel de cópia A4, 80 g (caixa de 5)', 'Manutenção de equipamento informático', 'Cadeira ergonómica de escritório', 'Estação de ancoragem USB-C', 'Configuração de rede e instalação', 'Alojamento na nuvem, plano mensal', 'Assistência técnica no local, hora', 'Suporte para portátil em alumínio', 'Consumíveis de impressão', 'Formação de utilizadores, sessão', 'Cabo de rede Cat6, 2 m', 'Renovação de licença de software'];
const SELLERS_EN = ['Northwind Office Supplies Ltd', 'Contoso Facilities plc', 'Fabrikam Logistics Ltd', 'Tailspin IT Services Ltd'];
const SELLERS_PT = ['Gonçalves & Irmão, Lda.', 'Ferreira Informática, S.A.', 'Conceição & Filhos, Lda.', 'Soluções Atlântico, Lda.'];
const SENTENCES_EN = [
  'Revenue for the quarter grew by {p}% compared with the same period last year, driven mainly by recurring service contracts.',
  'Operating costs remained under control, although energy and transport prices rose by {p}% over the period.',
  'The board approved an investment of EUR {n} in new warehouse equipment, to be depreciated over five years.',
  'Customer satisfaction, measured by the quarterly survey, reached {p}% of respondents rating the service as good or excellent.',
  'Headcount at the end of the period was {i} employees, of whom a third work in customer support and logistics.',
  'Outstanding receivables older than ninety days amounted to EUR {n} and are being followed up by the credit team.',
  'The migration of the document archive to the new platform is expected to finish before the end of the next quarter.',
  'Management recommends keeping the current pricing policy and reviewing the supplier contracts that expire this year.',
  'Cash and cash equivalents stood at EUR {n}, enough to cover the planned capital expenditure without new borrowing.',
  'Two minor incidents were reported to the data protection officer; neither involved personal data of customers.',
];
const SENTENCES_PT = [
  'As receitas do trimestre cresceram {p}% face ao período homólogo, sobretudo graças aos contratos de serviço recorrentes.',
  'Os custos operacionais mantiveram-se controlados, embora os preços da energia e dos transportes tenham subido {p}%.',
  'O conselho de administração aprovou um investimento de {n} € em equipamento de armazém, a amortizar em cinco anos.',
  'A satisfação dos clientes, medida no inquérito trimestral, atingiu {p}% de respostas que classificam o serviço como bom ou excelente.',
  'No final do período a empresa contava com {i} colaboradores, um terço dos quais no apoio ao cliente e na logística.',
  'As dívidas de clientes com mais de noventa dias ascendiam a {n} € e estão a ser acompanhadas pela equipa de crédito.',
  'A migração do arquivo documental para a nova plataforma deverá estar concluída antes do fim do próximo trimestre.',
  'A gestão recomenda manter a política de preços atual e rever os contratos com fornecedores que terminam este ano.',
  'As disponibilidades de caixa situavam-se em {n} €, o suficiente para cobrir o investimento previsto sem novo endividamento.',
  'Foram comunicados dois incidentes menores ao encarregado da proteção de dados; nenhum envolveu dados pessoais de clientes.',
];

const money = (value: number, pt: boolean) =>
  pt ? `${value.toLocaleString('pt-PT', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €` : `€${value.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

function fill(sentence: string, random: Random, pt: boolean): string {
  return sentence
    .replace('{p}', (random() * 30 + 1).toFixed(1).replace('.', pt ? ',' : '.'))
    .replace('{n}', int(random, 10_000, 2_000_000).toLocaleString(pt ? 'pt-PT' : 'en-GB'))
    .replace('{i}', String(int(random, 40, 900)));
}

function invoice(random: Random, ref: string, pt: boolean): string {
  const items = Array.from({ length: int(random, 28, 31) }, () => {
    const qty = int(random, 1, 40);
    const unit = int(random, 150, 60_000) / 100;
    return { name: pick(random, pt ? ITEMS_PT : ITEMS_EN), qty, unit, amount: qty * unit };
  });
  const net = items.reduce((sum, item) => sum + item.amount, 0);
  const vat = net * (pt ? 0.23 : 0.2);
  const day = int(random, 1, 28);
  const month = int(random, 1, 12);
  const date = pt ? `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/2024` : `${day} ${new Date(2024, month - 1, 1).toLocaleString('en-GB', { month: 'long' })} 2024`;
  const lines = pt
    ? [
        pick(random, SELLERS_PT),
        `Avenida da Liberdade ${int(random, 1, 400)}, 1250-143 Lisboa - NIF 509 ${int(random, 100, 999)} ${int(random, 100, 999)}`,
        `FATURA N.º FT 2024/${ref}`,
        `Data de emissão: ${date}    Vencimento: 30 dias    Cliente: Intake Demonstração, S.A. - NIF 501 234 567`,
        '',
        'Descrição                                    Qtd.    Preço unit.        Total',
        ...items.map((i) => `${i.name}    ${i.qty}    ${money(i.unit, true)}    ${money(i.amount, true)}`),
        `Total ilíquido: ${money(net, true)}    IVA (23%): ${money(vat, true)}    Total a pagar: ${money(net + vat, true)}`,
        '',
        'Pagamento por transferência bancária para o IBAN PT50 0002 0123 1234 5678 9015 4 no prazo de 30 dias. Em caso de atraso são devidos juros de mora à taxa legal em vigor. Obrigado pela preferência!',
      ]
    : [
        pick(random, SELLERS_EN),
        `${int(random, 1, 400)} Harbour Road, Bristol BS1 5TY, United Kingdom - VAT GB ${int(random, 100, 999)} ${int(random, 1000, 9999)} 89`,
        `INVOICE INV-2024-${ref}`,
        `Invoice date: ${date}    Due: 30 days    Bill to: Intake Demo Company, Rua Augusta 100, 1100-053 Lisboa, Portugal`,
        '',
        'Description                                  Qty      Unit price        Amount',
        ...items.map((i) => `${i.name}    ${i.qty}    ${money(i.unit, false)}    ${money(i.amount, false)}`),
        `Subtotal: ${money(net, false)}    VAT 20%: ${money(vat, false)}    Total due: ${money(net + vat, false)}`,
        '',
        'Payment by bank transfer to IBAN GB29 NWBK 6016 1331 9268 19 within 30 days. Late payments carry interest at the statutory rate. Thank you for your business!',
      ];
  return lines.join('\n');
}

function report(random: Random, ref: string, pt: boolean): string {
  const title = pt ? `RELATÓRIO DE GESTÃO - ${ref}` : `MANAGEMENT REPORT - ${ref}`;
  const sections = pt ? ['Atividade', 'Resultados', 'Pessoas', 'Riscos e perspetivas'] : ['Activity', 'Results', 'People', 'Risks and outlook'];
  const paragraphs = sections.map((heading, i) => {
    const text = Array.from({ length: int(random, 5, 6) }, () => fill(pick(random, pt ? SENTENCES_PT : SENTENCES_EN), random, pt)).join(' ');
    return `${i + 1}. ${heading}\n${text}`;
  });
  return [title, '', ...paragraphs.flatMap((p) => [p, ''])].join('\n');
}

/** One page of the given kind; `ref` makes it unique (uploads are deduplicated by content). */
export function pageText(kind: PageKind, random: Random, ref: string): string {
  switch (kind) {
    case 'invoice-en':
      return invoice(random, ref, false);
    case 'fatura-pt':
      return invoice(random, ref, true);
    case 'report-en':
      return report(random, ref, false);
    case 'relatorio-pt':
      return report(random, ref, true);
  }
}
