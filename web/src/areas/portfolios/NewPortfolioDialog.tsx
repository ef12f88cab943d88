import { useHousehold } from '../../api/queries/household';
import { useCreatePortfolio } from '../../api/queries/portfolios';
import { Dialog } from '../../ui/Dialog';
import { Loading } from '../../ui/EmptyState';
import { PortfolioForm } from './PortfolioForm';

/** "New portfolio": a portfolio of the household, empty until its first trade. */
export function NewPortfolioDialog({ onClose }: { onClose: () => void }) {
  const create = useCreatePortfolio();
  const household = useHousehold();
  return (
    <Dialog title="New portfolio" open onClose={onClose}>
      {/* A new portfolio is in the household's base currency unless another is chosen: the form waits for it. */}
      {household.isPending ? (
        <Loading what="the household's base currency" />
      ) : (
        <PortfolioForm
          defaultCurrency={household.data?.base_currency}
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
      )}
    </Dialog>
  );
}
