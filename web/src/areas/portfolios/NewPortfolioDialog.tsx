import { useCreatePortfolio } from '../../api/queries/portfolios';
import { Dialog } from '../../ui/Dialog';
import { PortfolioForm } from './PortfolioForm';

/** "New portfolio": a portfolio of the household, empty until its first trade. */
export function NewPortfolioDialog({ onClose }: { onClose: () => void }) {
  const create = useCreatePortfolio();
  return (
    <Dialog title="New portfolio" open onClose={onClose}>
      <PortfolioForm
        error={create.error}
        busy={create.isPending}
        onCancel={onClose}
        onSave={({ name, description, currency, cost_basis_method }) =>
          create.mutate(
            { name, description: description ?? undefined, currency, cost_basis_method },
            { onSuccess: onClose },
          )
        }
      />
    </Dialog>
  );
}
