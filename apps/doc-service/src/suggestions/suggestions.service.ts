import { Injectable } from '@nestjs/common';
import { AppError, sameName, type Suggestion } from '@intake/contracts';
import { SettingsService } from '../settings/settings.service';
import { type SuggestionRecord, SuggestionsRepository } from './suggestions.repository';

/** Accepting a suggestion adds it to the configured document types or categories; dismissing forgets it. */
@Injectable()
export class SuggestionsService {
  constructor(
    private readonly suggestions: SuggestionsRepository,
    private readonly settings: SettingsService,
  ) {}

  async list(): Promise<Suggestion[]> {
    return (await this.suggestions.list()).map(suggestionView);
  }

  /** The settings are saved first: a suggestion the settings refuse stays on the list. */
  async accept(id: string) {
    const suggestion = await this.suggestions.find(id);
    if (!suggestion) throw notFound(id);
    const field = suggestion.kind === 'document_type' ? 'document_types' : 'categories';
    const known = (list: string[]) => list.some((n) => sameName(n, suggestion.name));
    // A name already on the list changes nothing: the settings are neither checked again nor written.
    const shown = await this.settings.get();
    const settings = known(shown[field]) ? shown : await this.settings.update((current) => (known(current[field]) ? {} : { [field]: [...current[field], suggestion.name] }));
    await this.suggestions.take(id);
    return settings;
  }

  async dismiss(id: string): Promise<void> {
    if (!(await this.suggestions.take(id))) throw notFound(id);
  }
}

function suggestionView(s: SuggestionRecord): Suggestion {
  return { id: s.id, kind: s.kind, name: s.name, times: s.times, last_document_id: s.last_document_id, created_at: s.created_at.toISOString(), updated_at: s.updated_at.toISOString() };
}

function notFound(id: string): AppError {
  return new AppError('NOT_FOUND', `Suggestion ${id} not found`);
}
