export * from './ai-protocol-double';
export * from './anthropic-double';
export * from './classification-answer';
export * from './ollama-double';
export * from './openai-compatible-double';
export * from './scripted-reply';
