/** Names of the plan vocabularies (German and English); the message catalogue lives in ../messages. */
export * from './labels.ts';
