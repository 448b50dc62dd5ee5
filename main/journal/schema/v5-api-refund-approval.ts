/** Refunds a POS asked for that wait for the manager's approval on the till's screen (refundApproval on_screen). */
export const V5_API_REFUND_APPROVAL = `
ALTER TABLE api_refunds ADD COLUMN approval TEXT CHECK (approval IN ('awaiting', 'approved', 'declined'));
`;
