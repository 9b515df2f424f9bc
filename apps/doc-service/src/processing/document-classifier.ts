import { Inject, Injectable, Logger } from '@nestjs/common';
import { type AiProvider, type ClassifyOutcome, type DocumentText, type ModelCall, ProviderError, type TokenUsage } from '../ai/classifier';
import { NO_TOKENS } from '../ai/classify-with-retry';
import { configurationProblem, createProvider } from '../ai/provider-factory';
import type { AiSettings } from '@intake/contracts';
import { SuggestionsRepository } from '../suggestions/suggestions.repository';
import { DOC_CONFIG, type DocServiceConfig } from '../config';
import { AiCallsRepository } from './ai-calls.repository';
import { ModelAnswersRepository, questionOf } from './model-answers.repository';
import { callEstimate, TokenBudget } from './token-budget';

/** The document being processed: its id and processing request. */
export interface DocumentRequest {
  id: string;
  generation: number;
}

/**
 * Classifies a document's text with the configured provider: within the provider's daily token
 * budget (TokenBudget), a failure that may pass asked again (RetryPolicy), every call logged
 * (provider, model, tokens, duration, outcome), proposals outside the
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
    private readonly budget: TokenBudget,
    @Inject(DOC_CONFIG) private readonly config: Pick<DocServiceConfig, 'ai'>,
  ) {}

  /** `stop`: aborted when the service stops, ending a wait to ask the provider again (RetryAbandoned). */
  async classify(doc: DocumentRequest, input: DocumentText, settings: AiSettings, stop?: AbortSignal): Promise<ClassifyOutcome> {
    const provider = createProvider(settings);
    // The offline rules cost nothing and answer the same again: nothing to keep.
    if (provider.name === 'rules') return this.ask(provider, doc.id, input, settings, stop);
    const question = questionOf(settings, input);
    const kept = await this.answers.find(doc.id, doc.generation, question);
    if (kept) return kept;
    const outcome = await this.ask(provider, doc.id, input, settings, stop);
    // Paid for: an answer that cannot be kept only costs a call if the job comes again.
    await this.answers.keep(doc.id, doc.generation, question, outcome).catch((error: unknown) => this.logger.warn({ documentId: doc.id, err: error }, 'the model answer could not be kept'));
    return outcome;
  }

  private async ask(provider: AiProvider, documentId: string, input: DocumentText, settings: AiSettings, stop?: AbortSignal): Promise<ClassifyOutcome> {
    const budget = provider.name === 'rules' ? null : settings.daily_token_budget[provider.name];
    // A provider missing its settings fails at once with that reason, before any budget.
    const release =
      provider.name === 'rules' || budget === null || configurationProblem(settings)
        ? null
        : await this.budget.hold(provider.name, budget, callEstimate(input.text.slice(0, settings.max_text_chars), [...settings.document_types, ...settings.categories].join(' ')));
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
      const outcome = await provider.classify({ ...input, documentTypes: settings.document_types, categories: settings.categories, onCall, retry: this.config.ai.retry, stop });
      await log('ok', outcome.usage, null);
      await this.suggestions.add('document_type', outcome.classification.proposed_types, documentId);
      await this.suggestions.add('category', outcome.classification.proposed_categories, documentId);
      return outcome;
    } catch (error) {
      if (error instanceof ProviderError) await log(error.kind, error.usage, error.message);
      throw error;
    } finally {
      // After the call's tokens are logged, so they count somewhere at every moment. A hold that
      // cannot be released expires on its own; the call's outcome matters more.
      await release?.().catch((error: unknown) => this.logger.warn({ documentId, err: error }, 'a token budget hold could not be released'));
    }
  }
}
