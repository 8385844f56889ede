/** Message catalogue of the check findings and names of the plan vocabularies (German and English). */
export * from './messages.ts';
export * from './labels.ts';
