/**
 * The one confirm step before an action that moves money or ends a sale (void, refund): a heading, what will
 * happen, the action and the way back, both disabled while the action runs. The callers keep their own words
 * and look (class names), so each screen reads as before.
 */
import { useId, type ReactNode } from 'react';

export interface ConfirmStepProps {
  /** The box's class ('void-confirm' on the sale screen, 'm-confirm' on the manager's). */
  className: string;
  /** alertdialog when it interrupts the cashier, group when it is a step of a form. */
  role: 'alertdialog' | 'group';
  testId: string;
  heading: ReactNode;
  /** The heading's level in the screen it sits in. */
  level: 3 | 4;
  /** What confirming will do, in the caller's words. */
  children: ReactNode;
  actionsClassName: string;
  confirm: { label: ReactNode; className: string; testId?: string; onClick: () => void };
  back: { label: ReactNode; onClick: () => void };
  /** The action is under way: neither button can be pressed again. */
  busy: boolean;
}

export function ConfirmStep(props: ConfirmStepProps) {
  const headingId = useId();
  const Heading = props.level === 3 ? 'h3' : 'h4';
  return (
    <div className={props.className} role={props.role} aria-labelledby={headingId} data-testid={props.testId}>
      <Heading id={headingId}>{props.heading}</Heading>
      {props.children}
      <div className={props.actionsClassName}>
        <button
          type="button"
          className={props.confirm.className}
          data-testid={props.confirm.testId}
          disabled={props.busy}
          onClick={props.confirm.onClick}
        >
          {props.confirm.label}
        </button>
        <button type="button" className="button" disabled={props.busy} onClick={props.back.onClick}>
          {props.back.label}
        </button>
      </div>
    </div>
  );
}
