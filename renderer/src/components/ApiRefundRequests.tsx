/**
 * Refunds a POS asked for through the Terminal API when the store approves them on the till's screen: each shows
 * who asked, how much and for which sale, with who approves, their PIN and Approve / Decline. The core checks
 * the PIN; its refusal (wrong PIN, lockout) shows in the notice bar like any other.
 */
import { useState } from 'react';
import { formatCents } from '../../../main/shared/money';
import { useT } from '../i18n/use-t';
import { usePos } from '../store/context';
import type { ApiRefundRequest } from '../store/pos-store';
import { PinInput } from './TextInputs';
import { ApproverPicker } from './ApproverPicker';
import { useApprover } from './useApprover';

function RefundRequest({ request }: { request: ApiRefundRequest }) {
  const { t } = useT();
  const decide = usePos((s) => s.decideApiRefund);
  const [pin, setPin] = useState('');
  const [sending, setSending] = useState(false);
  const approver = useApprover('approve_api_refund');
  const send = async (approve: boolean) => {
    setSending(true);
    const done = await decide(request.requestId, pin, approve, approver.personArg);
    setSending(false);
    if (!done) setPin('');
  };
  // The approver may be a supervisor: the PIN asked for is the chosen person's, not "the manager's".
  const chosen = approver.people.find((p) => p.id === approver.personId);
  const pinOk = /^\d{4,8}$/.test(pin) && !approver.missing;
  return (
    <div className="notice api-request" role="alert" data-testid={`api-refund-${request.requestId}`}>
      <p className="notice-text">
        {t('api.refundRequested', {
          pos: request.posName,
          amount: t('money.aud', { amount: formatCents(request.amountCents) }),
          sale: request.saleId,
        })}
        {request.reason ? ` · ${request.reason}` : ''}
      </p>
      <form
        className="notice-actions"
        onSubmit={(e) => {
          e.preventDefault();
          if (pinOk) void send(true);
        }}
      >
        <ApproverPicker choice={approver} testId="api-refund-approver" />
        <label>
          {chosen ? t('api.refundPinOf', { name: chosen.name }) : t('api.refundPin')}{' '}
          <PinInput className="" value={pin} onValue={setPin} />
        </label>
        <button type="submit" className="button button-primary" disabled={!pinOk || sending}>
          {t('api.refundApprove')}
        </button>
        <button
          type="button"
          className="button"
          disabled={!pinOk || sending}
          onClick={() => void send(false)}
        >
          {t('api.refundDecline')}
        </button>
      </form>
    </div>
  );
}

export function ApiRefundRequests() {
  const requests = usePos((s) => s.apiRefunds);
  if (requests.length === 0) return null;
  return (
    <>
      {requests.map((r) => (
        <RefundRequest key={r.requestId} request={r} />
      ))}
    </>
  );
}
