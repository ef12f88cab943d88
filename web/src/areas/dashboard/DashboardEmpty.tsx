import { Link } from 'wouter';
import { useSession } from '../../app/session';
import { EmptyState } from '../../ui/EmptyState';

/** A household without any portfolio yet: what to do first. */
export function DashboardEmpty() {
  const { canWrite } = useSession();
  if (!canWrite)
    return (
      <EmptyState title="Nothing to show yet">
        <p>The household has no portfolio yet. Once a member creates one and records trades, its numbers show here.</p>
      </EmptyState>
    );
  return (
    <EmptyState title="Nothing to show yet: start with a portfolio">
      <ol className="first-steps">
        <li>
          <Link href="/portfolios">Create a portfolio</Link> for an account you invest through.
        </li>
        <li>
          <Link href="/stocks">Add stocks</Link> you hold or follow, with their sectors.
        </li>
        <li>Record your trades on the portfolio's page, and prices on each stock's page.</li>
      </ol>
    </EmptyState>
  );
}
