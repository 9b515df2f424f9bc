import { Injectable, Logger } from '@nestjs/common';
import { type AiProvider, type ClassifyOutcome, type DocumentText, type ModelCall, ProviderError, type TokenUsage } from '../ai/classifier';
import { NO_TOKENS } from '../ai/classify-with-retry';
import { createProvider } from '../ai/provider-factory';
import type { AiSettings } from '@intake/contracts';
import { SuggestionsRepository } from '../suggestions/suggestions.repository';
import { AiCallsRepository } from './ai-calls.repository';
import { ModelAnswersRepository, questionOf } from './model-answers.repository';

/** The provider's daily token budget is spent; a property of today, not of the document. */
export class BudgetExceededError extends Error {
  override readonly name = 'BudgetExceededError';
}

/** The document being processed: its id and processing request. */
export interface DocumentRequest {
  id: string;
  generation: number;
}

/**
 * Classifies a document's text with the configured provider: within the provider's daily token
 * budget, every call logged (provider, model, tokens, duration, outcome), proposals outside the
 * configured lists put on the admin's suggestion list. A model's answer is kept until the results
 * are saved, so the same request delivered again after a crash is not paid for twice.
 */
@Injectable()
export class DocumentClassifier {
  private readonly logger = new Logger('DocumentClassifier');

  constructor(
    private readonly calls: AiCallsRepository,
    private readonly suggestions: SuggestionsRepository,
    private readonly answers: ModelAnswersRepository,
  ) {}

  async classify(doc: DocumentRequest, input: DocumentText, settings: AiSettings): Promise<ClassifyOutcome> {
    const provider = createProvider(settings);
    // The offline rules cost nothing and answer the same again: nothing to keep.
    if (provider.name === 'rules') return this.ask(provider, doc.id, input, settings);
    const question = questionOf(settings, input);
    const kept = await this.answers.find(doc.id, doc.generation, question);
    if (kept) return kept;
    const outcome = await this.ask(provider, doc.id, input, settings);
    // Paid for: an answer that cannot be kept only costs a call if the job comes again.
    await this.answers.keep(doc.id, doc.generation, question, outcome).catch((error: unknown) => this.logger.warn({ documentId: doc.id, err: error }, 'the model answer could not be kept'));
    return outcome;
  }

  private async ask(provider: AiProvider, documentId: string, input: DocumentText, settings: AiSettings): Promise<ClassifyOutcome> {
    const budget = provider.name === 'rules' ? null : settings.daily_token_budget[provider.name];
    if (budget !== null) {
      const used = await this.calls.tokensToday(provider.name);
      if (used >= budget) {
        throw new BudgetExceededError(`The daily token budget for ${provider.name} (${budget}) is spent: ${used} tokens used today (UTC). Re-process the document tomorrow or raise the budget.`);
      }
    }
    const started = performance.now();
    // Each model call as it ends, a corrective retry being one of its own; a provider that tells of
    // none is logged once for the whole. The offline rules are no AI call: nothing to log or budget.
    let told = false;
    const record = (call: ModelCall) =>
      this.calls.record({ provider: provider.name, model: provider.model, documentId, tokensIn: call.usage.input_tokens, tokensOut: call.usage.output_tokens, durationMs: call.durationMs, outcome: call.outcome, error: call.error });
    const onCall = async (call: ModelCall) => {
      told = true;
      await record(call);
    };
    const log = async (outcome: ModelCall['outcome'], usage: TokenUsage | undefined, error: string | null) => {
      if (provider.name !== 'rules' && !told) await record({ usage: usage ?? NO_TOKENS, outcome, error, durationMs: performance.now() - started });
    };
    try {
      const outcome = await provider.classify({ ...input, documentTypes: settings.document_types, categories: settings.categories, onCall });
      await log('ok', outcome.usage, null);
      await this.suggestions.add('document_type', outcome.classification.proposed_types, documentId);
      await this.suggestions.add('category', outcome.classification.proposed_categories, documentId);
      return outcome;
    } catch (error) {
      if (error instanceof ProviderError) await log(error.kind, error.usage, error.message);
      throw error;
    }
  }
}
