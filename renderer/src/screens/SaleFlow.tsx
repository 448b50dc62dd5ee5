/** Picks the sale screen from the sale's phase: the phase is the single source of what the cashier sees. */
import { usePos } from '../store/context';
import { isFinalPhase } from '../store/sale-merge';
import { AmountEntryScreen } from './AmountEntryScreen';
import { ProgressScreen, WaitingScreen } from './ProgressScreens';
import { QrSaleScreen } from './QrSaleScreen';
import { DeclinedScreen, NotPaidScreen, PaidScreen, UnresolvedScreen } from './ResultScreens';
import { ScanPromptScreen } from './ScanPromptScreen';
import '../styles/sale.css';

export function SaleFlow() {
  const sale = usePos((s) => s.sale);
  if (!sale) return <AmountEntryScreen />;
  if (sale.phase === 'paid') return <PaidScreen sale={sale} />;
  if (sale.phase === 'unresolved') return <UnresolvedScreen sale={sale} />;
  // Every other final phase ended without a payment (failed, abandoned, voided, paid late and refunded or kept).
  if (isFinalPhase(sale.phase)) return <NotPaidScreen sale={sale} />;
  if (sale.kind !== 'scan') return <QrSaleScreen sale={sale} />;
  switch (sale.phase) {
    case 'awaiting_code':
      return <ScanPromptScreen sale={sale} />;
    case 'submitting':
    case 'checking':
      return <ProgressScreen key={sale.id} sale={sale} />;
    case 'waiting_customer':
      return <WaitingScreen sale={sale} />;
    case 'declined':
      return <DeclinedScreen sale={sale} />;
  }
}
