/** Why a sale's answer is late: the journal could not record it (disk full), or recorded it once it could. */
import type { SaleView } from '../../../preload/api';
import { pick } from '../i18n';
import { useT } from '../i18n/use-t';

export function StorageNote({ sale }: { sale: SaleView }) {
  const { language } = useT();
  if (!sale.storageNote) return null;
  return (
    <p className="lead storage-note" role="alert" data-testid="storage-note">
      {pick(sale.storageNote, language)}
    </p>
  );
}
