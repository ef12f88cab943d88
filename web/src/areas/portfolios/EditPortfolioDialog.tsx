import { type Portfolio, useUpdatePortfolio } from '../../api/queries/portfolios';
import { Dialog } from '../../ui/Dialog';
import { PortfolioForm } from './PortfolioForm';

/** "Edit portfolio": rename it, change its currency or method, or deactivate it. */
export function EditPortfolioDialog({ portfolio, onClose }: { portfolio: Portfolio; onClose: () => void }) {
  const update = useUpdatePortfolio(portfolio.id);
  return (
    <Dialog title="Edit portfolio" open onClose={onClose}>
      <PortfolioForm
        portfolio={portfolio}
        error={update.error}
        busy={update.isPending}
        onCancel={onClose}
        onSave={(changes) => update.mutate(changes, { onSuccess: onClose })}
      />
    </Dialog>
  );
}
