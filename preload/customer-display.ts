/** The customer display's contract lives with the rest of the contract. */
export * from '../contract/customer-display';
