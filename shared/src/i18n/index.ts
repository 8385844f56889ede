/** Message catalogue of the check findings (German and English). */
export * from './messages.ts';
