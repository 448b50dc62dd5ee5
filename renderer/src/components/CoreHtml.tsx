/**
 * A receipt or report laid out by the core (main/receipts: renderHtml with style:false). The markup is built
 * from data by the core with every value escaped, and carries no script, style attribute or URL, so it can be
 * inserted as it is; its classes are styled by styles/receipt-html.css (RECEIPT_CSS, kept equal by a test).
 */
import '../styles/receipt-html.css';

export function CoreHtml({ html, label, testId }: { html: string; label?: string; testId?: string }) {
  return (
    <div
      className="core-html"
      role={label ? 'document' : undefined}
      aria-label={label}
      data-testid={testId}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
