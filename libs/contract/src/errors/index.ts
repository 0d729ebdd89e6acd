export * from './error-codes';
export * from './llmops-error';
